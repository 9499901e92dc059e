import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A blocking download to a file with a progress line, for a command-line program.
enum Download {
    static func fetch(_ url: URL, to file: URL, progress: (String) -> Void) throws {
        guard FileManager.default.createFile(atPath: file.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: file)
        else {
            throw CIFARError(
                "\(file.path): cannot be created for the download; check that the cache folder is writable")
        }
        defer { try? handle.close() }
        let receiver = Receiver(handle: handle)
        let session = URLSession(configuration: .ephemeral, delegate: receiver, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        session.dataTask(with: url).resume()
        var lastReport = Date.distantPast
        while receiver.done.wait(timeout: .now() + .milliseconds(250)) == .timedOut {
            if Date().timeIntervalSince(lastReport) >= 1 {
                progress(receiver.progressLine(url: url))
                lastReport = Date()
            }
        }
        if let failure = receiver.failure {
            throw CIFARError(
                "could not download \(url.absoluteString): \(failure); \(CIFARError.howToPoint), after fetching "
                    + "the archive another way"
            )
        }
        progress(receiver.progressLine(url: url))
    }

    /// Receives the body on URLSession's delegate queue; `done` is signalled once at the end.
    private final class Receiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let handle: FileHandle
        let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var received: Int64 = 0
        private var expected: Int64 = -1
        private var error: String?

        init(handle: FileHandle) { self.handle = handle }

        var failure: String? { lock.withLock { error } }

        func progressLine(url: URL) -> String {
            let (got, total) = lock.withLock { (received, expected) }
            let mb = { (bytes: Int64) in String(format: "%.1f MB", Double(bytes) / 1e6) }
            return total > 0
                ? "downloading \(url.lastPathComponent): \(mb(got)) of \(mb(total)) (\(100 * got / total)%)"
                : "downloading \(url.lastPathComponent): \(mb(got))"
        }

        func urlSession(
            _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
            completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
        ) {
            if let http = response as? HTTPURLResponse, http.statusCode != 200 {
                lock.withLock { error = "the server answered HTTP \(http.statusCode)" }
                completionHandler(.cancel)
                return
            }
            lock.withLock { expected = response.expectedContentLength }
            completionHandler(.allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            handle.write(data)
            lock.withLock { received += Int64(data.count) }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            if let error {
                lock.withLock { if self.error == nil { self.error = error.localizedDescription } }
            }
            done.signal()
        }
    }
}
