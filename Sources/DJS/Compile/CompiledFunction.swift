/// A user function's body, compiled when its first closure is made, with the frames of its
/// finished calls. It also keeps what a call needs of the declaration, so that a call reads
/// constants here rather than the declaration's variable properties (each read of which
/// is a retain and a release).
final class CompiledFunction {
    /// The body, as register-machine code (see `CodeGenerator`).
    let chunk: Chunk
    /// The declaration's name (for call traces), parameter count and frame size (its
    /// variables and the code's temporaries).
    let name: String
    let parameterCount: Int
    let registerCount: Int
    /// Frames of finished calls that nothing else kept, ready for the next call: making and
    /// freeing a frame (an allocation) on every call was an eighth of a small call's cost.
    /// A fixed stack rather than an array, whose uniqueness checks cost as much again.
    private let spareFrames = UnsafeMutablePointer<Frame>.allocate(capacity: CompiledFunction.spareLimit)
    @exclusivity(unchecked) private var spareCount = 0
    /// Enough for recursion a few dozen deep; deeper calls allocate as before.
    private static let spareLimit = 64

    init(_ declaration: FunctionDecl, chunk: Chunk) {
        self.chunk = chunk
        self.name = declaration.name
        self.parameterCount = declaration.parameters.count
        self.registerCount = chunk.registerCount
    }

    deinit {
        spareFrames.deinitialize(count: spareCount)
        spareFrames.deallocate()
    }

    /// A frame for a call: a spare one when there is one, its slots all null.
    @inline(__always)
    func frame(parent: Frame?) -> Frame {
        if spareCount > 0 {
            spareCount -= 1
            let frame = (spareFrames + spareCount).move()
            frame.reuse(parent: parent)
            return frame
        }
        return Frame(slotCount: registerCount, parent: parent)
    }

    /// Takes back a call's frame, unless something still holds it (a closure made in the call
    /// captured it), in which case it lives on as that closure's frame.
    /// The frame is handed over (`consuming`), so keeping it costs no retain and release.
    @inline(__always)
    func recycle(_ frame: consuming Frame) {
        var frame = frame
        guard spareCount < CompiledFunction.spareLimit, isKnownUniquelyReferenced(&frame) else { return }
        frame.clear()
        (spareFrames + spareCount).initialize(to: consume frame)
        spareCount += 1
    }
}

