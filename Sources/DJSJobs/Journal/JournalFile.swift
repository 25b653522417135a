#if canImport(Glibc)
import Glibc
#endif

/// A run's file, open for appending: created with mode 600 (never over an existing file),
/// written with write(2) only (each batch of lines in as few calls as the kernel allows, so
/// that nothing sits in a buffer of ours when the process is killed), synced with
/// fdatasync(2) when asked.
///
/// The file stays locked (flock, exclusive) while it is open: the lock goes when the
/// process ends however it ends, so a reader that cannot take it knows the run is still
/// going.
final class JournalFile {
    let path: String
    private let descriptor: Int32

    /// Creates the file; fails if it exists.
    init(creating path: String) throws(JournalError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw JournalError.system("cannot create \(path)", errno: errno) }
        _ = flock(descriptor, LOCK_EX | LOCK_NB)
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    func append(_ text: String) throws(JournalError) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw JournalError.system("cannot write \(path)", errno: errno)
            }
            offset += written
        }
        bytes.removeAll()
    }

    /// Makes what was written durable (a power loss keeps it).
    func sync() throws(JournalError) {
        guard fdatasync(descriptor) == 0 else { throw JournalError.system("cannot sync \(path)", errno: errno) }
    }

    /// True while another process (or this one) holds the file open for writing.
    static func isInUse(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        _ = flock(descriptor, LOCK_UN)
        return false
    }
}

/// Why the journal could not be written or read, in words for people.
public struct JournalError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    static func system(_ what: String, errno code: Int32) -> JournalError {
        JournalError("\(what): \(String(cString: strerror(code)))")
    }
}
