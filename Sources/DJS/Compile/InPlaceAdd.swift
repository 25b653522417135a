/// `x = x + e` on a plain variable, without copying a growing string every time.
///
/// Evaluated literally, `text = text + piece` copies all of `text` into a new string on every
/// append, so building a string in a loop is quadratic. Here the variable's own reference is
/// dropped before the addition, which leaves the string uniquely referenced, so Swift appends
/// to it in place (amortised linear, as CPython does for the same statement). The result is
/// exactly what the plain evaluation gives: the old value of `x` plus `e`, stored into `x`,
/// with `x` read before `e` is evaluated.
enum InPlaceAdd {
    /// `variable = variable + right` for a frame slot.
    static func add(_ variable: UnsafeMutablePointer<Value>, _ right: CompiledExpr, _ frame: Frame,
                    at location: SourceLocation) throws {
        var left = variable.pointee
        let addend = try right(frame)
        if case .string(var text) = left, case .string(let piece) = addend {
            // Drop both other references (`left` and the slot) so `text` is unique.
            left = .null
            variable.pointee = .null
            text += piece
            variable.pointee = .string(text)
        } else if case .int(let a) = left, case .int(let b) = addend, let sum = BinaryOperator.add.integers(a, b) {
            variable.pointee = sum
        } else {
            variable.pointee = try Operators.binary(.add, left, addend, at: location)
        }
    }

    /// The same for a global. Not through an `inout` access to the globals array: evaluating
    /// the right side may write globals (a function call), which must not overlap an access.
    static func addToGlobal(_ slot: Int, of interpreter: Interpreter, _ right: CompiledExpr, _ frame: Frame,
                            at location: SourceLocation) throws {
        var left = interpreter.globalValues[slot]
        let addend = try right(frame)
        if case .string(var text) = left, case .string(let piece) = addend {
            left = .null
            interpreter.globalValues[slot] = .null
            text += piece
            interpreter.globalValues[slot] = .string(text)
        } else if case .int(let a) = left, case .int(let b) = addend, let sum = BinaryOperator.add.integers(a, b) {
            interpreter.globalValues[slot] = sum
        } else {
            interpreter.globalValues[slot] = try Operators.binary(.add, left, addend, at: location)
        }
    }
}
