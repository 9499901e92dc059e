import CIFAR

/// Test-time augmentation as airbench evaluates: each test image seen several ways and the
/// network's logits averaged with weights, the prediction their arg-max.
///
///   mirror               ½·f(x) + ½·f(mirrored x)
///   mirrorAndTranslate   ½·mirror(x) + ¼·mirror(x shifted by (−1, −1)) + ¼·mirror(x shifted by (1, 1)),
///                        the shifts reflect-padded
package enum TestTimeAugmentation: String, Codable, Sendable, CaseIterable {
    case none
    case mirror
    case mirrorAndTranslate = "mirror_translate"

    /// Each view's placement and the weight of its logits (the weights sum to 1).
    package var views: [(placement: ImagePlacement, weight: Float)] {
        func mirrored(_ p: ImagePlacement, _ weight: Float) -> [(ImagePlacement, Float)] {
            var flipped = p
            flipped.flip = true
            return [(p, weight / 2), (flipped, weight / 2)]
        }
        switch self {
        case .none:
            return [(.identity, 1)]
        case .mirror:
            return mirrored(.identity, 1)
        case .mirrorAndTranslate:
            return mirrored(.identity, 0.5)
                + mirrored(ImagePlacement(dy: -1, dx: -1, flip: false, reflects: true), 0.25)
                + mirrored(ImagePlacement(dy: 1, dx: 1, flip: false, reflects: true), 0.25)
        }
    }
}
