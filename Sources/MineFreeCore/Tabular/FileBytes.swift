import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file's bytes for a reader that goes through them once, front to back: mapped read-only, with the pages behind
/// the reader given back as it goes. A national hazards file is hundreds of megabytes; held whole beside its records
/// it would double an import's memory.
final class FileBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    private let mapped: Bool
    private var released = 0

    init(contentsOf url: URL) throws {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: url.path]) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let size = Int(info.st_size)
        guard size > 0 else {
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            mapped = false
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        madvise(base, size, MADV_SEQUENTIAL)
        bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size)
        mapped = true
    }

    /// Bytes a request sent: copied, for the readers keep a pointer into them.
    init(data: Data) {
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: data.count)
        _ = copy.initialize(from: data)
        bytes = UnsafeBufferPointer(copy)
        mapped = false
    }

    /// Gives back the pages before `offset`: read again from the file if a message looks back at them.
    func release(before offset: Int) {
        guard mapped, let base = bytes.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = min(offset, bytes.count) / page * page
        guard end > released else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + released), end - released, MADV_DONTNEED)
        released = end
    }

    /// Gives back every page, after a pass over the whole file (the UTF-8 check), before the reader starts again.
    func releaseAll() {
        guard mapped, let base = bytes.baseAddress else { return }
        madvise(UnsafeMutableRawPointer(mutating: base), bytes.count, MADV_DONTNEED)
        released = 0
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if mapped { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) } else { base.deallocate() }
    }
}
