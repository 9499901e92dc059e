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
        let reason = posix.map { String(cString: strerror($0)) } ?? file.localizedDescription
        let verb = file.code >= CocoaError.fileWriteUnknown.rawValue ? "cannot write" : "cannot read"
        return "\(path): \(verb) (\(reason))" + (posix.flatMap(fix).map { "; \($0)" } ?? "")
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

    private static func failure(_ code: Int32, _ path: String) -> StudyError {
        StudyError(
            "\(path): cannot write (\(String(cString: strerror(code))))" + (fix(code).map { "; \($0)" } ?? ""))
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
