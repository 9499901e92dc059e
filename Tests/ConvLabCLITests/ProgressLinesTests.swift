import Study
import Testing

@testable import ConvLabCLI

/// A worker's progress crosses a pipe as text and reads back as it was sent.
@Suite struct ProgressLinesTests {
    @Test func aProgressLineReadsBackWithItsLabel() throws {
        let sent = TrainingProgress(
            epoch: 3, epochs: 10, batch: 17, batches: 704, imagesPerSecond: 2345.6, secondsLeftInEpoch: 9)
        let line = ProgressLines.line(label: "mlp (permuted pixels) seed 2", sent)
        let (label, read) = try #require(ProgressLines.parse(line[...]))
        #expect(label == "mlp (permuted pixels) seed 2")
        #expect([read.epoch, read.epochs, read.batch, read.batches] == [3, 10, 17, 704] && read.imagesPerSecond == 2345)
        #expect(ProgressLines.parse("run 3/9: training cnn5 seed 0, 3 epochs") == nil)
        #expect(ProgressLines.parse("progress 1 2 three 4 5 cnn3 seed 0") == nil)
    }
}

@Suite struct ConsoleColumnTests {
    @Test func aColumnPadsShortTextAndKeepsLongTextWhole() {
        #expect(Console.column("cnn3", 6) == "cnn3  ")
        #expect(Console.column("cnn3-early-stopping-s0-d87f877ad65c", 34) == "cnn3-early-stopping-s0-d87f877ad65c")
    }
}
