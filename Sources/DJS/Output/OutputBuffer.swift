#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `print` writes. Output is buffered (a script that prints a million lines must not
/// make a million system calls) and flushed at the end, before errors are shown, and when
/// the buffer fills.
public final class OutputBuffer {
    private var bytes: [UInt8] = []
    private let fileDescriptor: Int32?
    /// Everything written, when capturing (tests, golden files).
    public private(set) var captured = ""

    /// Writes to a file descriptor (1 for standard output).
    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        bytes.reserveCapacity(1 << 16)
    }

    /// Keeps the text in `captured` instead of writing it anywhere.
    public init() {
        self.fileDescriptor = nil
    }

    public func write(_ text: String) {
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
            if written <= 0 { break }
            offset += written
        }
        bytes.removeAll(keepingCapacity: true)
    }
}
