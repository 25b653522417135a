#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `print` writes. Output is buffered (a script that prints a million lines must not
/// make a million system calls) and flushed at the end, before errors are shown, and when
/// the buffer fills.
///
/// A write that fails (a full disk, a closed pipe) is remembered in `failure` and everything
/// after it is dropped: the program is told at its next `print` (`check()`), and the runner
/// turns it into an exit code, so lost output never passes for success.
public final class OutputBuffer {
    private var bytes: [UInt8] = []
    private let fileDescriptor: Int32?
    /// The first write error, if any.
    public private(set) var failure: OutputFailure?
    /// Everything written, when capturing (tests, golden files).
    public private(set) var captured = ""

    /// Writes to a file descriptor (1 for standard output). `closed`: the descriptor was closed
    /// when the process started (`djs … >&-`), so every write fails as on a closed descriptor.
    public init(fileDescriptor: Int32, closed: Bool = false) {
        self.fileDescriptor = fileDescriptor
        self.closed = closed
        bytes.reserveCapacity(1 << 16)
    }

    /// Set when the descriptor was closed at start: the first write fails (a program that
    /// writes nothing has lost nothing).
    private let closed: Bool

    /// Keeps the text in `captured` instead of writing it anywhere.
    public init() {
        self.fileDescriptor = nil
        self.closed = false
    }

    public func write(_ text: String) {
        guard failure == nil else { return }
        if closed {
            failure = OutputFailure(errorNumber: EBADF)
            return
        }
        guard fileDescriptor != nil else {
            captured += text
            return
        }
        bytes.append(contentsOf: text.utf8)
        if bytes.count >= 1 << 16 { flush() }
    }

    public func flush() {
        guard let fileDescriptor, !bytes.isEmpty else { return }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fileDescriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 {
                failure = OutputFailure(errorNumber: written < 0 ? errno : EIO)
                break
            }
            offset += written
        }
        bytes.removeAll(keepingCapacity: true)
    }

    /// Throws once a write has failed, so that a program stops printing into the void.
    public func check() throws(OutputFailure) {
        if let failure { throw failure }
    }
}

/// Standard output could not be written: `errorNumber` is the system's reason (`EPIPE` when
/// the reader went away, as `head -1` does; `ENOSPC` for a full disk).
public struct OutputFailure: Error, Sendable {
    public var errorNumber: Int32

    /// The reader closed the pipe: nothing is wrong with the program, and nobody is reading.
    public var readerWentAway: Bool { errorNumber == EPIPE }

    public var message: String {
        "cannot write to standard output: " + String(cString: strerror(errorNumber))
    }
}
