import Foundation

/// A look at a JSON body's bytes before it is parsed: how deep its brackets go and how many
/// numbers it holds. Parsing builds a tree of every value, so a body within the size limit could
/// still cost far more memory than the images it claims to be, or recurse without end.
enum JSONBudget {
    static func check(_ body: Data, maxDepth: Int, maxInstances: Int, numbersPerInstance: Int) throws {
        let maxNumbers = maxInstances * numbersPerInstance
        var depth = 0
        var numbers = 0
        var inString = false
        var escaped = false
        var inNumber = false
        for byte in body {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == 0x22 {
                    inString = false
                }
                continue
            }
            let startsNumber = byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte)
            if startsNumber, !inNumber { numbers += 1 }
            inNumber = startsNumber || (inNumber && [0x2E, 0x65, 0x45, 0x2B].contains(byte))  // . e E +
            switch byte {
            case 0x22: inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                guard depth <= maxDepth else {
                    throw InvocationDecoder.Rejection(
                        status: 400,
                        reason: "the JSON nests deeper than \(maxDepth) levels; send {\"instances\": [...]}")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
            guard numbers <= maxNumbers else {
                throw InvocationDecoder.Rejection(
                    status: 413,
                    reason: "the JSON holds more numbers than \(maxInstances) images have (--max-instances)")
            }
        }
    }
}
