/// The local variables of one function call (or of top-level code), addressed by slot.
///
/// Every call makes a frame, so the frame and its slots are one allocation: a `ManagedBuffer`
/// keeps its elements right after its header. Variables are read and written through the
/// raw `slots` pointer; an array property would cost a dynamic exclusivity check and a
/// copy-on-write check on every access. The resolver guarantees slot indexes are in range.
final class Frame: ManagedBuffer<Frame.Header, Value> {
    struct Header {
        let slotCount: Int
        /// Set again when a spare frame is reused for another call (see `CompiledFunction`).
        var parent: Frame?
    }

    static func make(slotCount: Int, parent: Frame?) -> Frame {
        let buffer = Frame.create(minimumCapacity: slotCount) { _ in Header(slotCount: slotCount, parent: parent) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.slots.initialize(repeating: .null, count: slotCount)
        return frame
    }

    /// The slots' storage. It lives inside this object, so the pointer stays valid for as
    /// long as the caller holds the frame (which every user of it does).
    @inline(__always)
    var slots: UnsafeMutablePointer<Value> { withUnsafeMutablePointerToElements { $0 } }

    var parent: Frame? { header.parent }

    /// Gives a spare frame to another call. Through the header's pointer, because assigning
    /// `header` goes through a dynamic exclusivity check (a tenth of a small call).
    @inline(__always)
    func reuse(parent: Frame?) {
        withUnsafeMutablePointerToHeader { $0.pointee.parent = parent }
    }

    /// Empties a finished call's frame for reuse: every slot null, no parent kept alive.
    func clear() {
        withUnsafeMutablePointers { header, slots in
            // Most slots hold numbers, which `store` overwrites without a destroy call.
            for index in 0..<header.pointee.slotCount { (slots + index).store(.null) }
            header.pointee.parent = nil
        }
    }

    deinit {
        // Slot by slot rather than `deinitialize(count:)`, which goes through the runtime's
        // generic array destroy: frames are small and made on every call.
        withUnsafeMutablePointers { header, slots in
            for index in 0..<header.pointee.slotCount { _ = (slots + index).move() }
        }
    }
}
