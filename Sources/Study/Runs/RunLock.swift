import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The right to train one run, held by one process (or thread) at a time: a write lock on the
/// whole of a lock file. On Linux it is an open-file-description lock (`F_OFD_SETLK`): the kernel
/// drops it when its holder exits in any way, SIGKILL included, so a crashed holder never leaves a
/// run blocked; it is not dropped when the same process closes another descriptor of the file (as
/// a plain POSIX lock would be), and two threads exclude each other as two processes do. Over NFS
/// the client hands such locks to the server's lock manager, so processes on different machines
/// exclude each other too, and the server frees the locks of a machine that dies.
///
/// Lock files are never deleted: deleting one would let a waiter lock the old file while a
/// newcomer locks a new one. The holder writes who it is into the file, for `report plan`.
package final class RunLock {
    package let url: URL
    private var descriptor: Int32

    private init(url: URL, descriptor: Int32) {
        self.url = url
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Takes the lock if no one holds it; nil when someone does.
    package static func tryAcquire(_ url: URL) throws -> RunLock? {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StudyError("cannot open the lock file \(url.path): \(String(cString: strerror(errno)))")
        }
        var request = wholeFile(type: F_WRLCK)
        guard fcntl(fd, setLockCommand, &request) == 0 else {
            let reason = errno
            close(fd)
            if reason == EAGAIN || reason == EACCES { return nil }
            throw StudyError("cannot lock \(url.path): \(String(cString: strerror(reason)))")
        }
        let lock = RunLock(url: url, descriptor: fd)
        lock.record(Holder.current)
        return lock
    }

    /// Waits until the lock is free and takes it; `waiting` hears who holds it, once.
    package static func acquire(
        _ url: URL, poll: TimeInterval = 1, waiting: (String) -> Void = { _ in }
    ) throws
        -> RunLock
    {
        var told = false
        while true {
            if let lock = try tryAcquire(url) { return lock }
            if !told {
                waiting(holder(of: url) ?? "another process")
                told = true
            }
            Thread.sleep(forTimeInterval: poll)
        }
    }

    /// Who holds the lock ("host pid 123 since …"), nil when it is free.
    package static func holder(of url: URL) -> String? {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var probe = wholeFile(type: F_WRLCK)
        guard fcntl(fd, getLockCommand, &probe) == 0, probe.l_type != Int16(F_UNLCK) else { return nil }
        let text = (try? String(contentsOf: url, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.flatMap { $0.isEmpty ? nil : $0 } ?? "another process"
    }

    package func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)  // closing the descriptor drops the lock
        descriptor = -1
    }

    private func record(_ holder: String) {
        _ = ftruncate(descriptor, 0)
        let bytes = Array((holder + "\n").utf8)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    private enum Holder {
        static var current: String {
            let since = ISO8601DateFormatter().string(from: Date())
            return "\(ProcessInfo.processInfo.hostName) pid \(getpid()) since \(since)"
        }
    }

    private static func wholeFile(type: Int32) -> flock {
        var request = flock()
        request.l_type = Int16(type)
        request.l_whence = Int16(SEEK_SET)
        request.l_start = 0
        request.l_len = 0  // to the end, however long the file grows
        request.l_pid = 0  // must be 0 for open-file-description locks
        return request
    }

    #if os(Linux)
    // F_OFD_GETLK, F_OFD_SETLK (<bits/fcntl-linux.h>; not exported to Swift).
    private static let getLockCommand: Int32 = 36
    private static let setLockCommand: Int32 = 37
    #else
    private static let getLockCommand = F_GETLK
    private static let setLockCommand = F_SETLK
    #endif
}
