/// A problem with a study's input, said in one line with how to fix it.
public struct StudyError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
