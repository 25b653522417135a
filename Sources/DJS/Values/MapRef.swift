/// A map: string keys, kept in insertion order so output is predictable.
///
/// The keys and values live in two arrays in insertion order. Most maps are small records (a
/// job has a dozen fields), and for those a linear scan of the keys beats hashing, so the
/// key → position index (`KeyIndex`) is only built once a map outgrows `linearLimit` keys.
///
/// The index also remembers its most recent lookup (see `KeyIndex`), so code that reads and
/// then writes one key, as `if k in counts < counts[k] = counts[k] + 1 > else < counts[k] = 1 >`
/// does, hashes the key once.
public final class MapRef {
    // Unchecked exclusivity: no access to these spans a call that could reach the same map,
    // and the dynamic checks were a visible share of map-heavy programs.
    @exclusivity(unchecked) public private(set) var keys: [String] = []
    @exclusivity(unchecked) public private(set) var values: [Value] = []
    /// Key → position; nil while the map is small enough to scan.
    @exclusivity(unchecked) private var index: KeyIndex?
    /// Where the keys array's storage is, taken again after every change to `keys`, so that
    /// `value(forKey:memo:)` compares two addresses without touching either array.
    @exclusivity(unchecked) private var keysStorage: UnsafeRawPointer?

    static let linearLimit = 16

    public init() {}

    /// An empty map with room for `capacity` keys.
    init(capacity: Int) {
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        keysChanged()
    }

    /// A map of `keys`, which must be distinct, and their `values`. Map literals with fixed
    /// keys (`{id: …, status: …}`) build their maps this way: the keys array is shared with
    /// the literal (copy-on-write), so no key is evaluated, compared or copied per map.
    init(distinctKeys keys: [String], values: [Value]) {
        self.keys = keys
        self.values = values
        if keys.count > MapRef.linearLimit { index = KeyIndex(keys: keys) }
        keysChanged()
    }

    public init(_ entries: [(String, Value)]) {
        keys.reserveCapacity(entries.count)
        values.reserveCapacity(entries.count)
        for (key, value) in entries { self[key] = value }
    }

    public var count: Int { keys.count }

    /// Where `key` is, or nil.
    @inline(__always)
    private func position(of key: String) -> Int? {
        if index != nil { return index!.position(of: key, in: keys) }
        return keys.firstIndex { KeyText.equal($0, key) }
    }

    /// Whether `key` is in the map (`key in map`), without copying its value out.
    func containsKey(_ key: String) -> Bool {
        position(of: key) != nil
    }

    public subscript(key: String) -> Value? {
        get { position(of: key).map { values[$0] } }
        set {
            if let position = position(of: key) {
                if let newValue { values[position] = newValue } else { removeValue(at: position) }
            } else if let newValue {
                append(key, newValue)
            }
        }
    }

    /// Adds a key that `position(of:)` has just found absent.
    private func append(_ key: String, _ value: Value) {
        let position = keys.count
        if index == nil, position == MapRef.linearLimit { index = KeyIndex(keys: keys) }
        if index != nil { index!.insert(key, at: position) }
        keys.append(key)
        values.append(value)
        keysChanged()
    }

    private func keysChanged() {
        keysStorage = keys.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    /// `self[key]`, remembering where the key was found in `memo` (one per `x.field` in the
    /// program). Maps made by one literal or parsed from one JSON shape share a single keys
    /// array, so when this map's keys are the very array the memo holds, the value is at the
    /// remembered position and no string is compared. The memo keeps that array alive, so a
    /// map that adds or removes keys copies it first and can never be mistaken for it.
    func value(forKey key: String, memo: KeyMemo) -> Value? {
        // The memo only ever remembers a non-empty array, so an empty map (whose storage may
        // be the one every empty array shares) never matches.
        if let storage = keysStorage, storage == memo.storage { return values[memo.position] }
        guard let position = position(of: key) else { return nil }
        memo.remember(keys, storage: keysStorage, position: position)
        return values[position]
    }

    /// Removes the entry at `position`; the later keys move up by one, so the index is rebuilt
    /// (removal is rare in scripts, and costs time in proportion to the map either way).
    private func removeValue(at position: Int) {
        keys.remove(at: position)
        values.remove(at: position)
        keysChanged()
        if index != nil { index = keys.count > MapRef.linearLimit ? KeyIndex(keys: keys) : nil }
    }

    public var entries: Zip2Sequence<[String], [Value]> { zip(keys, values) }

    deinit {
        if values.contains(where: \.isContainer) { Teardown.release(takeValues()) }
    }

    /// Empties the map, handing its values to the caller (see `Teardown`).
    func takeValues() -> [Value] {
        let taken = values
        keys = []
        values = []
        index = nil
        keysChanged()
        return taken
    }
}

/// Where one `x.field` site last found its key (see `MapRef.value(forKey:memo:)`): the keys
/// array it was found in, kept alive so that its storage cannot be reused by another array
/// while remembered, that storage's address, and the key's position.
final class KeyMemo {
    @exclusivity(unchecked) private var keys: [String] = []
    @exclusivity(unchecked) private(set) var storage: UnsafeRawPointer?
    @exclusivity(unchecked) private(set) var position = 0

    func remember(_ keys: [String], storage: UnsafeRawPointer?, position: Int) {
        self.keys = keys
        self.storage = storage
        self.position = position
    }
}
