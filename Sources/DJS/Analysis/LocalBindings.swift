/// The local variables of the open blocks, in the order declared, and the search for the
/// innermost one of a name (the one a reference means).
///
/// A block rarely sees more than a dozen variables, so the search is a scan from the end that
/// compares one machine word per variable (`key`: the name's length and first bytes) and the
/// names themselves only when the words match. That beat hashing every reference into a
/// dictionary. A generated function with thousands of variables would make the scan slow,
/// so past `indexedFrom` variables a dictionary from name to innermost binding takes over
/// until the count drops below `indexedUntil` again.
struct LocalBindings {
    struct Binding {
        var name: String
        /// The declaring function's index in the resolver's stack of functions.
        var function: Int
        var slot: Int
        fileprivate var key: UInt64
        /// While `index` exists: the binding of the same name this one hides.
        fileprivate var shadowed: Int?
    }

    private var bindings: [Binding] = []
    private var index: [String: Int]?
    private static let indexedFrom = 64
    private static let indexedUntil = 32

    var count: Int { bindings.count }
    var names: [String] { bindings.map(\.name) }
    subscript(position: Int) -> Binding { bindings[position] }

    mutating func add(_ name: String, function: Int, slot: Int) {
        var binding = Binding(name: name, function: function, slot: slot, key: LocalBindings.key(of: name))
        if index != nil {
            binding.shadowed = index![name]
            index![name] = bindings.count
        }
        bindings.append(binding)
        if index == nil, bindings.count > LocalBindings.indexedFrom { buildIndex() }
    }

    /// Drops the bindings declared after the first `count` (a block ended).
    mutating func removeAll(after count: Int) {
        while bindings.count > count {
            let binding = bindings.removeLast()
            if index != nil { index![binding.name] = binding.shadowed }
        }
        if index != nil, bindings.count < LocalBindings.indexedUntil { index = nil }
    }

    /// The position of the innermost binding of `name`, if any.
    func innermost(_ name: String) -> Int? {
        if let index { return index[name] }
        let key = LocalBindings.key(of: name)
        var position = bindings.count - 1
        while position >= 0 {
            if bindings[position].key == key, bindings[position].name == name { return position }
            position -= 1
        }
        return nil
    }

    private mutating func buildIndex() {
        var built: [String: Int] = [:]
        for position in bindings.indices {
            bindings[position].shadowed = built[bindings[position].name]
            built[bindings[position].name] = position
        }
        index = built
    }

    /// The name's length (low byte) and first seven UTF-8 bytes in one word: names with
    /// different words differ.
    private static func key(of name: String) -> UInt64 {
        var name = name
        // The bytes in place (a name is a native, contiguous string): no copy.
        return name.withUTF8 { bytes in
            var key = UInt64(truncatingIfNeeded: bytes.count) & 0xFF
            var shift: UInt64 = 8
            for byte in bytes.prefix(7) {
                key |= UInt64(byte) << shift
                shift += 8
            }
            return key
        }
    }
}
