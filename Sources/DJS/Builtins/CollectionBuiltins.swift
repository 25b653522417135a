extension Builtins {
    static var collections: [Builtin] { [
        Builtin("range", "range(end), range(start, end), range(start, end, step): the integers from start up to (not including) end") { arguments in
            try arguments.expect(1...3)
            let start = arguments.count == 1 ? 0 : try arguments.int(0, "start")
            let end = try arguments.int(arguments.count == 1 ? 0 : 1, "end")
            let step = arguments.count == 3 ? try arguments.int(2, "step") : 1
            guard step != 0 else { throw arguments.error("step must not be 0") }
            // Its length must be countable: range(-9223372036854775808, 9223372036854775807) trapped.
            guard !end.subtractingReportingOverflow(start).overflow else {
                throw arguments.error("the range from \(start) to \(end) has more numbers than djs can count")
            }
            return .range(RangeRef(start: start, end: end, step: step))
        },
        Builtin("keys", "keys(map): the map's keys, in insertion order",
                oneArgument: { value in
                    guard case .map(let map) = value else { return nil }
                    return .list(ListRef(map.keys.map { .string($0) }))
                }) { arguments in
            try arguments.expect(1...1)
            guard case .map(let map) = arguments[0] else { throw arguments.typeError(0, "a map") }
            return .list(ListRef(map.keys.map { .string($0) }))
        },
        Builtin("values", "values(map): the map's values, in insertion order",
                oneArgument: { value in
                    guard case .map(let map) = value else { return nil }
                    return .list(ListRef(map.values))
                }) { arguments in
            try arguments.expect(1...1)
            guard case .map(let map) = arguments[0] else { throw arguments.typeError(0, "a map") }
            return .list(ListRef(map.values))
        },
        Builtin("push", "push(list, x): appends x to the list (changing it) and returns the list",
                twoArguments: { list, element in
                    guard case .list(let items) = list else { return nil }
                    items.items.append(element)
                    return list
                }) { arguments in
            try arguments.expect(2...2)
            guard case .list(let list) = arguments[0] else { throw arguments.typeError(0, "a list") }
            list.items.append(arguments[1])
            return arguments[0]
        },
        Builtin("get", "get(map, key, default): map[key], or default (null if not given) when the key is missing",
                twoArguments: { container, key in mapEntry(container, key, or: .null) },
                threeArguments: mapEntry) { arguments in
            try arguments.expect(2...3)
            let fallback = arguments.count == 3 ? arguments[2] : .null
            switch arguments[0] {
            case .map(let map): return map[try arguments.string(1, "key")] ?? fallback
            case .job(let job): return job.record.field(try arguments.string(1, "key")) ?? fallback
            case .list(let list):
                // Negative indexes count from the end, as in xs[-1].
                let index = try arguments.int(1, "index")
                let resolved = index < 0 ? list.items.count + index : index
                return list.items.indices.contains(resolved) ? list.items[resolved] : fallback
            default: throw arguments.typeError(0, "a map, job or list")
            }
        },
        Builtin("contains", "contains(container, x): the same as 'x in container'",
                twoArguments: { container, element in
                    // An error (a container that has no members) is left to the general path.
                    guard let found = try? Operators.contains(container, element, at: .unknown) else { return nil }
                    return .bool(found)
                }) { arguments in
            try arguments.expect(2...2)
            do {
                return .bool(try Operators.contains(arguments[0], arguments[1], at: arguments.location))
            } catch let error as RuntimeError {
                throw RuntimeError("contains(): \(error.message)", at: arguments.location, notes: error.notes)
            }
        },
        Builtin("sort", "sort(list, key): a new list in ascending order, by key(element) when a key function is given") { arguments in
            try arguments.expect(1...2, named: ["key", "reverse"])
            var descending = false
            let items = try arguments.list(0)
            let keyFunction = arguments.count == 2 ? try arguments.function(1, "the key") : arguments.namedValue("key")
            if case .bool(true)? = arguments.namedValue("reverse") { descending = true }
            let keys = try keyFunction.map { function in try items.map { try arguments.call(function, $0) } } ?? items
            let order: [Int]
            do {
                order = try SortOrder.positions(of: keys, descending: descending, at: arguments.location)
            } catch let failure as RuntimeError {
                throw RuntimeError("sort(): \(failure.message)", at: arguments.location, notes: failure.notes)
            }
            return .list(ListRef(order.map { items[$0] }))
        },
        Builtin("map", "map(list, f): a new list of f(element) for each element") { arguments in
            try arguments.expect(2...2)
            let items = try arguments.list(0)
            let function = try arguments.function(1)
            return .list(ListRef(try items.map { try arguments.call(function, $0) }))
        },
        Builtin("filter", "filter(list, f): a new list of the elements for which f(element) is true") { arguments in
            try arguments.expect(2...2)
            let items = try arguments.list(0)
            let predicate = try arguments.function(1)
            return .list(ListRef(try items.filter { item in
                let verdict = try arguments.call(predicate, item)
                guard case .bool(let keep) = verdict else {
                    throw arguments.error("the function must return true or false, got \(verdict.typeName)")
                }
                return keep
            }))
        },
        Builtin("sum", "sum(list): the sum of numbers or durations (0 for an empty list)") { arguments in
            try arguments.expect(1...1)
            let items = try arguments.list(0)
            guard var total = items.first else { return .int(0) }
            if case .string = total { throw arguments.error("cannot sum strings; use join(list, \"\")") }
            for item in items.dropFirst() {
                do {
                    total = try Operators.binary(.add, total, item, at: arguments.location)
                } catch let error as RuntimeError {
                    throw RuntimeError("sum(): \(error.message)", at: arguments.location, notes: error.notes)
                }
            }
            return total
        },
        Builtin("min", "min(list) or min(a, b, …): the smallest value") { arguments in
            try extreme(arguments, wantSmallest: true)
        },
        Builtin("max", "max(list) or max(a, b, …): the largest value") { arguments in
            try extreme(arguments, wantSmallest: false)
        },
    ] }

    /// `get(map, key, fallback)` for a map and a string key; nil for anything else (a job, a
    /// list, an error), which `get`'s body answers.
    private static func mapEntry(_ container: Value, _ key: Value, or fallback: Value) -> Value? {
        guard case .map(let map) = container, case .string(let text) = key else { return nil }
        return map[text] ?? fallback
    }

    private static func extreme(_ arguments: Arguments, wantSmallest: Bool) throws -> Value {
        try arguments.expect(1...Int.max)
        let items = arguments.count == 1 ? try arguments.list(0) : arguments.positional
        guard var best = items.first else { throw arguments.error("the list is empty") }
        for item in items.dropFirst() {
            let order = try Operators.compare(item, best, at: arguments.location)
            if wantSmallest ? order < 0 : order > 0 { best = item }
        }
        return best
    }
}
