/// A problem with a study's input, said in one line with how to fix it.
package struct StudyError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
