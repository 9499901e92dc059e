/// A data problem, said in one line: which file, what is wrong, how to fix it.
public struct CIFARError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) { self.description = description }

    static let howToPoint = "pass --data DIR (a folder holding data_batch_1.bin … test_batch.bin) or set CIFAR10_DIR"
}
