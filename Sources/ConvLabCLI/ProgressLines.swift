import Foundation
import Study

/// How a `report run` worker tells `report --jobs` its progress: one line per update on its
/// standard output, "progress EPOCH EPOCHS BATCH BATCHES IMAGES_PER_SECOND LABEL…", at most five
/// a second (and each epoch's last batch).
enum ProgressLines {
    static let tag = "progress "

    static func line(label: String, _ p: TrainingProgress) -> String {
        tag + "\(p.epoch) \(p.epochs) \(p.batch) \(p.batches) \(Int(p.imagesPerSecond)) \(label)"
    }

    static func parse(_ line: Substring) -> (label: String, progress: TrainingProgress)? {
        guard line.hasPrefix(tag) else { return nil }
        let fields = line.dropFirst(tag.count).split(separator: " ", maxSplits: 5)
        guard fields.count == 6, let epoch = Int(fields[0]), let epochs = Int(fields[1]), let batch = Int(fields[2]),
            let batches = Int(fields[3]), let rate = Double(fields[4])
        else { return nil }
        let progress = TrainingProgress(
            epoch: epoch, epochs: epochs, batch: batch, batches: batches, imagesPerSecond: rate, secondsLeftInEpoch: 0)
        return (String(fields[5]), progress)
    }

    /// A `StudyRunner.progress` that prints these lines, throttled.
    static func printer(
        naming name: @escaping (TrainingConfiguration) -> String
    ) -> (TrainingConfiguration, TrainingProgress) -> Void {
        var last = Date.distantPast
        return { configuration, p in
            guard p.batch == p.batches || Date().timeIntervalSince(last) > 0.2 else { return }
            last = Date()
            Console.line(line(label: name(configuration), p))
        }
    }
}
