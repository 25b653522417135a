/// `x = x + e` on a plain variable, without copying a growing string every time.
///
/// Evaluated literally, `text = text + piece` copies all of `text` into a new string on every
/// append, so building a string in a loop is quadratic. Here the variable's own reference is
/// dropped before the addition, which leaves the string uniquely referenced, so Swift appends
/// to it in place (amortised linear, as CPython does for the same statement). The result is
/// exactly what the plain evaluation gives: the old value of `x` plus `e`, stored into `x`,
/// with `x` read before `e` is evaluated.
enum InPlaceAdd {
    /// `variable = left + addend`, where `left` is the variable's value read before the addend
    /// was evaluated: the variable itself, or a copy in `readBefore` when evaluating the addend
    /// could have changed the variable.
    static func add(_ addend: Value, to variable: UnsafeMutablePointer<Value>,
                    readBefore copy: UnsafeMutablePointer<Value>?, at location: SourceLocation) throws {
        var left: Value
        if let copy {
            left = copy.pointee
            copy.pointee = .null
        } else {
            left = variable.pointee
        }
        if case .string(var text) = left, case .string(let piece) = addend {
            // Drop both other references (`left` and the variable) so `text` is unique.
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

    /// The same for code that evaluates as it goes (the closure compiler): reads the variable,
    /// evaluates the addend, then adds. The variable's address is asked for only after the
    /// addend is evaluated.
    static func add(to variable: () -> UnsafeMutablePointer<Value>, _ addend: () throws -> Value,
                    at location: SourceLocation) throws {
        var left = variable().pointee
        let value = try addend()
        try withUnsafeMutablePointer(to: &left) { try add(value, to: variable(), readBefore: $0, at: location) }
    }
}
