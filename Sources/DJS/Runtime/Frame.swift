/// The registers of one function call (or of top-level code): its variables, addressed by
/// slot, then the code generator's temporaries.
///
/// The registers live in a buffer the frame owns, reached through a constant pointer: reading
/// a register costs one load, with no exclusivity, copy-on-write or lifetime check (an array
/// property cost all three, and a `ManagedBuffer`'s element accessor kept the frame retained
/// around each access). Frames are reused from call to call (see `CompiledFunction`), so the
/// second allocation this takes is rare. The code generator guarantees slot indexes are in range.
final class Frame {
    let slots: UnsafeMutablePointer<Value>
    let slotCount: Int
    /// The frame of the function this one's function was defined in (closures read its
    /// variables); set again when a spare frame is reused for another call.
    @exclusivity(unchecked) private(set) var parent: Frame?

    init(slotCount: Int, parent: Frame?) {
        self.slotCount = slotCount
        self.parent = parent
        slots = .allocate(capacity: max(slotCount, 1))
        slots.initialize(repeating: .null, count: slotCount)
    }

    /// Gives a spare frame to another call.
    @inline(__always)
    func reuse(parent: Frame?) {
        self.parent = parent
    }

    /// Empties a finished call's frame for reuse: every slot null, no parent kept alive.
    func clear() {
        // Most slots hold numbers, which `store` overwrites without a destroy call.
        for index in 0..<slotCount { (slots + index).store(.null) }
        parent = nil
    }

    deinit {
        slots.deinitialize(count: slotCount)
        slots.deallocate()
    }
}
