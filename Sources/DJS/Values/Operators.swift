import Foundation

/// Arithmetic, comparison and membership. Integers never wrap silently: overflow is an error.
enum Operators {
    static func unary(_ op: UnaryOperator, _ value: Value, at location: SourceLocation) throws -> Value {
        switch (op, value) {
        case (.negate, .int(let n)):
            guard n != Int.min else { throw RuntimeError("integer overflow in negation", at: location) }
            return .int(-n)
        case (.negate, .float(let x)): return .float(-x)
        case (.negate, .duration(let d)): return .duration(-d)
        case (.not, .bool(let b)): return .bool(!b)
        case (.negate, _):
            throw RuntimeError("cannot negate \(value.typeName)", at: location)
        case (.not, _):
            throw RuntimeError("'not' needs true or false, got \(value.typeName)", at: location)
        }
    }

    static func binary(_ op: BinaryOperator, _ left: Value, _ right: Value, at location: SourceLocation) throws -> Value {
        // As in SQL's WHERE: an ordering with a missing value is false, so a filter such as
        // `j.lastDatetime < cutoff` skips the jobs that never sent anything. (sort, min and max
        // still refuse null: they need a total order.)
        if op.isOrdering, left.isNull || right.isNull { return .bool(false) }
        switch op {
        case .add: return try add(left, right, at: location)
        case .subtract: return try subtract(left, right, at: location)
        case .multiply: return try multiply(left, right, at: location)
        case .divide: return try divide(left, right, at: location)
        case .remainder: return try remainder(left, right, at: location)
        case .equal: return .bool(equal(left, right))
        case .notEqual: return .bool(!equal(left, right))
        case .less: return .bool(try compare(left, right, op, at: location) < 0)
        case .lessEqual: return .bool(try compare(left, right, op, at: location) <= 0)
        case .greater: return .bool(try compare(left, right, op, at: location) > 0)
        case .greaterEqual: return .bool(try compare(left, right, op, at: location) >= 0)
        case .in: return .bool(try contains(right, left, at: location))
        }
    }

    private static func mismatch(_ op: String, _ left: Value, _ right: Value, at location: SourceLocation,
                                 notes: [String] = []) -> RuntimeError {
        RuntimeError("cannot apply '\(op)' to \(left.typeName) and \(right.typeName)", at: location, notes: notes)
    }

    private static func overflow(_ op: String, at location: SourceLocation) -> RuntimeError {
        RuntimeError("integer overflow in '\(op)'", at: location, notes: ["integers are 64-bit; use float(x) for larger numbers"])
    }

    private static func add(_ left: Value, _ right: Value, at location: SourceLocation) throws -> Value {
        switch (left, right) {
        case (.int(let a), .int(let b)):
            let (sum, overflowed) = a.addingReportingOverflow(b)
            if overflowed { throw overflow("+", at: location) }
            return .int(sum)
        case (.float(let a), .float(let b)): return .float(a + b)
        case (.int(let a), .float(let b)): return .float(Double(a) + b)
        case (.float(let a), .int(let b)): return .float(a + Double(b))
        case (.string(let a), .string(let b)): return .string(TextBuilder.concatenate(a, b))
        case (.list(let a), .list(let b)): return .list(ListRef(a.items + b.items))
        case (.time(let t), .duration(let d)), (.duration(let d), .time(let t)):
            return .time(try checked(t.addingReportingOverflow(d), "+", location))
        case (.duration(let a), .duration(let b)):
            return .duration(try checked(a.addingReportingOverflow(b), "+", location))
        case (.string, _), (_, .string):
            throw mismatch("+", left, right, at: location, notes: ["build text with interpolation: \"n = ${n}\", or str(x)"])
        default:
            throw mismatch("+", left, right, at: location)
        }
    }

    private static func subtract(_ left: Value, _ right: Value, at location: SourceLocation) throws -> Value {
        switch (left, right) {
        case (.int(let a), .int(let b)):
            let (difference, overflowed) = a.subtractingReportingOverflow(b)
            if overflowed { throw overflow("-", at: location) }
            return .int(difference)
        case (.float(let a), .float(let b)): return .float(a - b)
        case (.int(let a), .float(let b)): return .float(Double(a) - b)
        case (.float(let a), .int(let b)): return .float(a - Double(b))
        case (.time(let t), .duration(let d)): return .time(try checked(t.subtractingReportingOverflow(d), "-", location))
        case (.time(let a), .time(let b)): return .duration(try checked(a.subtractingReportingOverflow(b), "-", location))
        case (.duration(let a), .duration(let b)):
            return .duration(try checked(a.subtractingReportingOverflow(b), "-", location))
        default:
            throw mismatch("-", left, right, at: location)
        }
    }

    private static func multiply(_ left: Value, _ right: Value, at location: SourceLocation) throws -> Value {
        switch (left, right) {
        case (.int(let a), .int(let b)):
            let (product, overflowed) = a.multipliedReportingOverflow(by: b)
            if overflowed { throw overflow("*", at: location) }
            return .int(product)
        case (.float(let a), .float(let b)): return .float(a * b)
        case (.int(let a), .float(let b)): return .float(Double(a) * b)
        case (.float(let a), .int(let b)): return .float(a * Double(b))
        case (.duration(let d), .int(let n)), (.int(let n), .duration(let d)):
            return .duration(try checked(d.multipliedReportingOverflow(by: n), "*", location))
        case (.duration(let d), .float(let x)), (.float(let x), .duration(let d)):
            return .duration(try durationFrom(Double(d) * x, location))
        case (.string(let s), .int(let n)), (.int(let n), .string(let s)):
            // An overflowing product must count as too large: its wrapped partial value can be
            // small or negative ("abcd" * 2^62 wrapped to 0 and then aborted allocating).
            let size = n.multipliedReportingOverflow(by: max(1, s.utf8.count))
            guard n >= 0, !size.overflow, size.partialValue <= 100_000_000 else {
                throw RuntimeError("cannot repeat a string \(n) times", at: location)
            }
            return .string(String(repeating: s, count: n))
        default:
            throw mismatch("*", left, right, at: location)
        }
    }

    private static func divide(_ left: Value, _ right: Value, at location: SourceLocation) throws -> Value {
        switch (left, right) {
        case (.int(let a), .int(let b)):
            // Integer division truncates toward zero, as in Swift, Go and C.
            if b == 0 { throw RuntimeError("division by zero", at: location) }
            if a == Int.min, b == -1 { throw overflow("/", at: location) }
            return .int(a / b)
        case (.float(let a), .float(let b)): return .float(a / b)
        case (.int(let a), .float(let b)): return .float(Double(a) / b)
        case (.float(let a), .int(let b)): return .float(a / Double(b))
        case (.duration(let d), .int(let n)):
            if n == 0 { throw RuntimeError("division by zero", at: location) }
            return .duration(d / n)
        case (.duration(let d), .float(let x)):
            return .duration(try durationFrom(Double(d) / x, location))
        case (.duration(let a), .duration(let b)):
            if b == 0 { throw RuntimeError("division by zero", at: location) }
            return .float(Double(a) / Double(b))
        default:
            throw mismatch("/", left, right, at: location)
        }
    }

    private static func remainder(_ left: Value, _ right: Value, at location: SourceLocation) throws -> Value {
        switch (left, right) {
        case (.int(let a), .int(let b)):
            if b == 0 { throw RuntimeError("division by zero in '%'", at: location) }
            if b == -1 { return .int(0) }
            return .int(a % b)
        case (.float(let a), .float(let b)): return .float(fmod(a, b))
        case (.int(let a), .float(let b)): return .float(fmod(Double(a), b))
        case (.float(let a), .int(let b)): return .float(fmod(a, Double(b)))
        case (.duration(let a), .duration(let b)):
            if b == 0 { throw RuntimeError("division by zero in '%'", at: location) }
            return .duration(a % b)
        default:
            throw mismatch("%", left, right, at: location)
        }
    }

    private static func checked(_ result: (partialValue: Int, overflow: Bool), _ op: String,
                                _ location: SourceLocation) throws -> Int {
        if result.overflow { throw overflow(op, at: location) }
        return result.partialValue
    }

    private static func durationFrom(_ milliseconds: Double, _ location: SourceLocation) throws -> Int {
        guard milliseconds.isFinite, abs(milliseconds) < 9.2e18 else {
            throw RuntimeError("duration out of range", at: location)
        }
        return Int(milliseconds.rounded())
    }

    /// Structural equality; values of different types are simply not equal (1 == 1.0 is true).
    static func equal(_ left: Value, _ right: Value) -> Bool {
        switch (left, right) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b
        case (.int(let a), .float(let b)), (.float(let b), .int(let a)): return Double(a) == b
        case (.string(let a), .string(let b)): return a == b
        case (.time(let a), .time(let b)): return a == b
        case (.duration(let a), .duration(let b)): return a == b
        case (.list(let a), .list(let b)):
            if a === b { return true }
            guard a.items.count == b.items.count else { return false }
            // Flat lists (the common case) need no work list: nothing below can recurse.
            if !a.items.contains(where: \.isContainer) { return zip(a.items, b.items).allSatisfy { equal($0, $1) } }
            return containersEqual(left, right)
        case (.map(let a), .map(let b)):
            if a === b { return true }
            guard a.count == b.count else { return false }
            if !a.values.contains(where: \.isContainer) {
                return a.entries.allSatisfy { key, value in b[key].map { equal(value, $0) } ?? false }
            }
            return containersEqual(left, right)
        case (.range(let a), .range(let b)): return a.start == b.start && a.end == b.end && a.step == b.step
        case (.function(let a), .function(let b)): return a === b
        case (.builtin(let a), .builtin(let b)): return a === b
        case (.job(let a), .job(let b)): return a.record.id == b.record.id
        default: return false
        }
    }

    /// Equality of lists and maps, walked with a work list instead of recursion so that
    /// nesting a million deep cannot overflow the stack. A pair of containers already being
    /// compared counts as equal when met again, so structures that contain themselves compare
    /// in finite time (and equal exactly when they have the same shape and contents).
    private static func containersEqual(_ left: Value, _ right: Value) -> Bool {
        struct Pair: Hashable { let left: ObjectIdentifier, right: ObjectIdentifier }
        var pending = [(left, right)]
        var seen: Set<Pair> = []
        while let (x, y) = pending.popLast() {
            switch (x, y) {
            case (.list(let a), .list(let b)):
                if a === b || !seen.insert(Pair(left: ObjectIdentifier(a), right: ObjectIdentifier(b))).inserted { continue }
                guard a.items.count == b.items.count else { return false }
                pending += zip(a.items, b.items)
            case (.map(let a), .map(let b)):
                if a === b || !seen.insert(Pair(left: ObjectIdentifier(a), right: ObjectIdentifier(b))).inserted { continue }
                guard a.count == b.count else { return false }
                for (key, value) in a.entries {
                    guard let other = b[key] else { return false }
                    pending.append((value, other))
                }
            default:
                // Neither side is a container here (or only one is): plain equality, no recursion.
                guard equal(x, y) else { return false }
            }
        }
        return true
    }

    /// Lists compare element by element, recursively; deeper than this is refused rather
    /// than risking the stack (and a list that contains itself would never finish).
    static let maximumCompareDepth = 10_000

    /// Ordering for `<`, `sort`, `min` and `max`: numbers, strings, times, durations, lists
    /// (element by element) and jobs (by id).
    static func compare(_ left: Value, _ right: Value, _ op: BinaryOperator = .less,
                        at location: SourceLocation, depth: Int = 0) throws -> Int {
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (left, right) {
        case (.int(let a), .int(let b)): return order(a, b)
        case (.float(let a), .float(let b)): return order(a, b)
        case (.int(let a), .float(let b)): return order(Double(a), b)
        case (.float(let a), .int(let b)): return order(a, Double(b))
        case (.string(let a), .string(let b)): return KeyText.compare(a, b)
        case (.time(let a), .time(let b)): return order(a, b)
        case (.duration(let a), .duration(let b)): return order(a, b)
        case (.bool(let a), .bool(let b)): return order(a ? 1 : 0, b ? 1 : 0)
        case (.job(let a), .job(let b)): return order(a.record.id, b.record.id)
        case (.list(let a), .list(let b)):
            guard depth < maximumCompareDepth else {
                throw RuntimeError("cannot compare lists nested more than \(maximumCompareDepth) deep (or containing themselves)",
                                   at: location)
            }
            for (x, y) in zip(a.items, b.items) {
                let result = try compare(x, y, op, at: location, depth: depth + 1)
                if result != 0 { return result }
            }
            return order(a.items.count, b.items.count)
        default:
            var notes: [String] = []
            if case .time = left, case .int = right { notes.append("compare times with times, e.g. t < now() - 1d") }
            if case .null = left { notes.append("the left side is null; check it with '!= null' first") }
            if case .null = right { notes.append("the right side is null; check it with '!= null' first") }
            throw RuntimeError("cannot compare \(left.typeName) and \(right.typeName) with '\(op.rawValue)'",
                               at: location, notes: notes)
        }
    }

    /// `needle in haystack`: an element of a list, a key of a map, a substring of a string.
    static func contains(_ haystack: Value, _ needle: Value, at location: SourceLocation) throws -> Bool {
        switch (haystack, needle) {
        case (.list(let list), _): return list.items.contains { equal($0, needle) }
        case (.map(let map), .string(let key)): return map.containsKey(key)
        case (.map, _): return false
        case (.string(let text), .string(let part)): return part.isEmpty || text.contains(part)
        case (.range(let range), .int(let n)):
            guard range.count > 0 else { return false }
            let offset = n - range.start
            return offset % range.step == 0 && offset / range.step >= 0 && offset / range.step < range.count
        case (.range, _): return false
        default:
            throw RuntimeError("cannot test membership of \(needle.typeName) in \(haystack.typeName)", at: location,
                               notes: ["'in' works with a list, a map (its keys) or a string (substrings)"])
        }
    }
}
