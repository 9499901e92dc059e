import Foundation

/// A failed read or write as one line: the file, the system's reason, and what to do. Foundation's
/// own description of such an error is a dump of its domain, code and user info.
package enum FileErrors {
    /// `error` as one line when it is a file's; any other error as it is (ArgumentParser's own
    /// errors, help included, must reach it unchanged).
    package static func clarified(_ error: Error) -> Error {
        let file = error as NSError
        guard file.domain == NSCocoaErrorDomain, let path = file.userInfo[NSFilePathErrorKey] as? String else {
            return error
        }
        return StudyError(message(error, path: path))
    }

    /// "PATH: cannot write (No space left on device); free space …" for a failed read or write of
    /// `path` (named so, whatever temporary file the error names).
    package static func message(_ error: Error, path: String) -> String {
        let file = error as NSError
        let posix =
            (file.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap {
                $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil
            } ?? cocoaCodes[file.code]
        let verb = file.code >= CocoaError.fileWriteUnknown.rawValue ? "cannot write" : "cannot read"
        return line(path, verb, posix.map { String(cString: strerror($0)) } ?? file.localizedDescription, posix)
    }

    /// "PATH: VERB (REASON); FIX", the fix when the system's `code` has one.
    private static func line(_ path: String, _ verb: String, _ reason: String, _ code: Int32?) -> String {
        "\(path): \(verb) (\(reason))" + (code.flatMap(fix).map { "; \($0)" } ?? "")
    }

    /// Foundation's codes for the failures it names without the system's error.
    private static let cocoaCodes: [Int: Int32] = [
        CocoaError.fileWriteOutOfSpace.rawValue: ENOSPC, CocoaError.fileWriteVolumeReadOnly.rawValue: EROFS,
        CocoaError.fileWriteNoPermission.rawValue: EACCES, CocoaError.fileReadNoPermission.rawValue: EACCES,
        CocoaError.fileReadNoSuchFile.rawValue: ENOENT, CocoaError.fileNoSuchFile.rawValue: ENOENT,
    ]

    /// Writes `data` into a new file at `url` with the system's own calls, so that a failure (a
    /// full disk, a read-only folder, a file size limit) says its reason; `path` names it then.
    package static func write(_ data: Data, toNew url: URL, reportedAs path: String) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(errno, path) }
        var failed: Int32 = 0
        data.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                if n < 0 {
                    failed = errno
                    return
                }
                done += n
            }
        }
        if close(fd) != 0 && failed == 0 { failed = errno }
        if failed != 0 { throw failure(failed, path) }
    }

    /// `data` as the whole of the file at `url` or, when writing fails, `url` as it was: written
    /// beside it under a temporary name, then renamed into place.
    package static func writeAtomically(_ data: Data, to url: URL) throws {
        let temporary = temporary(beside: url)
        do {
            try write(data, toNew: temporary, reportedAs: url.path)
            try move(temporary, intoPlaceOf: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// A new name beside `url` for a file being written, hidden from listings.
    package static func temporary(beside url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    }

    /// Renames a written file into its place; a failure names the place and the reason.
    package static func move(_ temporary: URL, intoPlaceOf url: URL) throws {
        guard rename(temporary.path, url.path) != 0 else { return }
        let code = errno
        throw StudyError(
            line(url.path, "cannot move the written file into place", String(cString: strerror(code)), code))
    }

    private static func failure(_ code: Int32, _ path: String) -> StudyError {
        StudyError(line(path, "cannot write", String(cString: strerror(code)), code))
    }

    private static func fix(_ code: Int32) -> String? {
        switch code {
        case ENOSPC, EDQUOT:
            "free space on that disk or write elsewhere (--out, --cache); what was written before is kept"
        case EROFS, EACCES, EPERM:
            "make that folder writable or write elsewhere (--out, --cache); what was written before is kept"
        case EFBIG:
            "the file size limit (ulimit -f) is too small; raise it"
        default: nil
        }
    }
}
