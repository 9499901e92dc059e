import Foundation
import Study

/// A set of files written together or not at all: each is first written under a temporary name
/// beside its place, and only when every one of them is written are they renamed into place.
/// A failure on the way (a full disk, a read-only folder) removes the temporary files and leaves
/// the previous files as they were.
struct StagedFiles {
    private var staged: [(temporary: URL, final: URL)] = []

    /// The files' final places, in the order they were added.
    var files: [URL] { staged.map(\.final) }

    mutating func add(_ data: Data, at url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = FileErrors.temporary(beside: url)
        do {
            try FileErrors.write(data, toNew: temporary, reportedAs: url.path)  // named as the file it becomes
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        staged.append((temporary, url))
    }

    /// Where the bytes of `url` are now: its temporary file while it is staged, else itself.
    func location(of url: URL) -> URL {
        let path = url.standardizedFileURL.path
        return staged.last { $0.final.standardizedFileURL.path == path }?.temporary ?? url
    }

    /// Renames every file into place. Renames within a folder need no space, so once every file
    /// is written this does not fail for want of it.
    func commit() throws {
        for (temporary, final) in staged { try FileErrors.move(temporary, intoPlaceOf: final) }
    }

    /// Removes the temporary files not yet renamed.
    func discard() {
        for (temporary, _) in staged { try? FileManager.default.removeItem(at: temporary) }
    }

    /// `body` adding files, then all of them committed; none when `body` or a write throws.
    static func writing(_ body: (inout StagedFiles) throws -> Void) throws -> [URL] {
        var files = StagedFiles()
        do {
            try body(&files)
            try files.commit()
        } catch {
            files.discard()
            throw error
        }
        return files.files
    }
}
