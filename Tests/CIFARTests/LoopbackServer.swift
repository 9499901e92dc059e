import Foundation

/// Python's http.server on 127.0.0.1 and a free port, serving one folder, for download tests.
final class LoopbackServer {
    static var available: Bool { (try? shell(["python3", "--version"]))?.isEmpty == false }

    private let process = Process()
    let port: Int

    init(serving folder: URL) throws {
        // Bind port 0, print the port the kernel chose, then serve.
        let script = """
            import http.server, functools, sys
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
            handler.log_message = lambda *args: None
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, folder.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var line = Data()
        while let byte = try pipe.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadUnknown)
        }
        self.port = port
    }

    func url(for file: String) -> URL { URL(string: "http://127.0.0.1:\(port)/\(file)")! }

    /// SIGKILL: a child started from a test thread inherits its blocked SIGTERM.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
