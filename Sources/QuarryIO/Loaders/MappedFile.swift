import Glibc
import QuarryBase
import QuarryEngine

/// A file mapped read-only into memory.
struct MappedFile {
    let bytes: UnsafeBufferPointer<UInt8>
    private let base: UnsafeMutableRawPointer?
    private let length: Int

    init(path: String) throws(Diagnostic) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Diagnostic.fileNotFound(path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw Diagnostic.unreadableFile(path, reason: "it is not a regular file")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Diagnostic.unreadableFile(path, reason: String(cString: strerror(errno))) }
        defer { Glibc.close(fd) }
        length = Int(info.st_size)
        guard length > 0 else { throw Diagnostic.emptyFile(path) }
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            if errno == ENOMEM {
                throw Diagnostic.outOfMemory(
                    "reading it maps the whole file", needs: length, left: MemoryBudget().left(), file: path)
            }
            throw Diagnostic.unreadableFile(path, reason: String(cString: strerror(errno)))
        }
        base = mapped
        bytes = UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: length)
    }

    func close() {
        if let base { munmap(base, length) }
    }

    var releaser: PageReleaser { PageReleaser(base: base.map { UnsafeRawPointer($0) }) }
}

/// Lets go of the pages of a file mapping that a pass has read, so a big file does not sit in
/// memory whole while its columns are built. The data stays in the page cache: reading the pages
/// again just maps them back. Does nothing for bytes that are not a file mapping.
struct PageReleaser: @unchecked Sendable {
    let base: UnsafeRawPointer?
    static let page = 4096

    static let none = PageReleaser(base: nil)

    /// Releases the whole pages inside `start..<end` (byte offsets).
    func release(_ start: Int, _ end: Int) {
        guard let base else { return }
        let from = (start + PageReleaser.page - 1) / PageReleaser.page * PageReleaser.page
        let to = end / PageReleaser.page * PageReleaser.page
        if to > from { madvise(UnsafeMutableRawPointer(mutating: base + from), to - from, MADV_DONTNEED) }
    }
}
