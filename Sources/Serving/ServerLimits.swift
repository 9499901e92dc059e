/// What one server will spend on its requests, so that memory stays flat under hostile input:
/// the bodies held at once, the pixels one PNG may declare, the numbers one JSON body may hold,
/// and how long a request may wait. `report serve` sets each from a flag (see the README).
package struct ServerLimits: Sendable, Equatable {
    /// Bytes of one body: SageMaker's limit for a real-time invocation.
    package var maxBodyBytes = 6 * 1024 * 1024
    /// Pixels one PNG may declare (its header is read first): 4096 × 4096, 48 MB decoded.
    package var maxImagePixels = 4096 * 4096
    /// Images in one JSON body.
    package var maxInstances = 64
    /// Requests admitted at once (their bodies are held in memory); more get 503 and Retry-After.
    package var maxRequests = 16
    /// Decodes and inferences running at once; admitted requests wait for one of these.
    package var maxWork = 2
    /// Seconds a request may take to arrive or wait for work before it is answered 408 or 503.
    package var maxWaitSeconds = 10.0

    package init() {}

    /// Brackets deep enough for `{"instances": [image]}` with the image as rows × columns × channels.
    static let maxJSONDepth = 6
}
