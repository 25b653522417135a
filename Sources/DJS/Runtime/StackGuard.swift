import Foundation

/// Turns "about to run out of stack" into an error the program can report.
///
/// Counting calls (`Interpreter.maximumCallDepth`) and nesting (`Parser.maximumNesting`) is
/// not enough on its own: each call may evaluate an expression hundreds of levels deep, and
/// 5,000 such calls overflowed even the 512 MB stack. So the evaluator
/// also measures the stack it actually uses, against the bounds of the thread it runs on.
struct StackGuard {
    /// Lowest address the evaluator may reach (stacks grow down on every platform djs runs
    /// on); 0 when the size is unknown, which disables the check.
    private let floor: UInt

    /// Kept free below `floor` for the work between two checks: a built-in, an operator on
    /// deep values, the diagnostic path when the error unwinds.
    static func margin(forStackSize size: Int) -> Int { min(size / 4, 8 << 20) }

    /// Measures from here (the start of a run) down the calling thread's stack size, as
    /// Foundation reports it: exact for `LargeStack` threads, which set it. Where the size
    /// is unknown the check is off, rather than guessing and failing good programs.
    init() {
        let size = Thread.current.stackSize
        guard size > 0 else { floor = 0; return }
        let here = StackGuard.address()
        let budget = UInt(size - StackGuard.margin(forStackSize: size))
        floor = here > budget ? here - budget : 0
    }

    @inline(__always)
    private static func address() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// True when the stack has grown past the floor.
    @inline(__always)
    var isExhausted: Bool { StackGuard.address() < floor }
}
