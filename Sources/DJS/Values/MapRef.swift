/// A map: string keys, kept in insertion order so output is predictable.
///
/// The keys and values live in two arrays in insertion order. Most maps are small records (a
/// job has a dozen fields), and for those a linear scan of the keys beats hashing, so the
/// key → position index (`KeyIndex`) is only built once a map outgrows `linearLimit` keys.
///
/// The map also remembers its most recent lookup (the key, where it was found or that it was
/// absent, and its hash). Code that reads and then writes one key, as in
/// `if k in counts < counts[k] = counts[k] + 1 > else < counts[k] = 1 >`, passes the very same
/// string each time, so the second and later lookups find it there without hashing or
/// comparing text.
public final class MapRef {
    // Unchecked exclusivity: no access to these spans a call that could reach the same map,
    // and the dynamic checks were a visible share of map-heavy programs.
    @exclusivity(unchecked) public private(set) var keys: [String] = []
    @exclusivity(unchecked) public private(set) var values: [Value] = []
    /// Key → position; empty while the map is small enough to scan.
    @exclusivity(unchecked) private var index: KeyIndex?
    @exclusivity(unchecked) private var recent = RecentLookup()

    static let linearLimit = 16

    public init() {}

    /// An empty map with room for `capacity` keys.
    init(capacity: Int) {
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    /// A map of `keys`, which must be distinct, and their `values`. Map literals with fixed
    /// keys (`{id: …, status: …}`) build their maps this way: the keys array is shared with
    /// the literal (copy-on-write), so no key is evaluated, compared or copied per map.
    init(distinctKeys keys: [String], values: [Value]) {
        self.keys = keys
        self.values = values
        if keys.count > MapRef.linearLimit { index = KeyIndex(keys: keys) }
    }

    public init(_ entries: [(String, Value)]) {
        keys.reserveCapacity(entries.count)
        values.reserveCapacity(entries.count)
        for (key, value) in entries { self[key] = value }
    }

    public var count: Int { keys.count }

    /// Where `key` is, or nil; remembered in `recent` either way.
    @inline(__always)
    private func position(of key: String) -> Int? {
        if recent.isKey(key) { return recent.position }
        let found: Int?
        var hash: UInt64?
        if let index {
            let keyHash = KeyText.hash(key)
            found = index.position(of: key, hash: keyHash, in: keys)
            hash = keyHash
        } else {
            found = keys.firstIndex { KeyText.equal($0, key) }
        }
        recent = RecentLookup(key: key, position: found, hash: hash)
        return found
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

    /// Adds a key that `position(of:)` has just found absent (so `recent` describes it).
    private func append(_ key: String, _ value: Value) {
        let position = keys.count
        if index != nil {
            index!.insert(position: position, hash: recent.hash ?? KeyText.hash(key))
        } else if position == MapRef.linearLimit {
            index = KeyIndex(keys: keys)
            index!.insert(position: position, hash: KeyText.hash(key))
        }
        keys.append(key)
        values.append(value)
        recent.position = position
    }

    /// `self[key]`, remembering where the key was found in `memo` (one per `x.field` in the
    /// program). Maps made by one literal or parsed from one JSON shape share a single keys
    /// array, so when this map's keys are the very array the memo holds, the value is at the
    /// remembered position and no string is compared. The memo keeps that array alive, so a
    /// map that adds or removes keys copies it first and can never be mistaken for it.
    func value(forKey key: String, memo: KeyMemo) -> Value? {
        if !keys.isEmpty, keys.withUnsafeBufferPointer({ mine in
            memo.keys.withUnsafeBufferPointer { remembered in mine.baseAddress == remembered.baseAddress }
        }) {
            return values[memo.position]
        }
        guard let position = position(of: key) else { return nil }
        memo.keys = keys
        memo.position = position
        return values[position]
    }

    /// Removes the entry at `position`; the later keys move up by one, so the index is rebuilt
    /// (removal is rare in scripts, and costs time in proportion to the map either way).
    private func removeValue(at position: Int) {
        keys.remove(at: position)
        values.remove(at: position)
        recent = RecentLookup()
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
        recent = RecentLookup()
        return taken
    }
}

/// Where one `x.field` site last found its key (see `MapRef.value(forKey:memo:)`).
final class KeyMemo {
    @exclusivity(unchecked) var keys: [String] = []
    @exclusivity(unchecked) var position = 0
}

/// A map's most recent lookup: the key it was given, where that key is (nil: absent) and its
/// hash when one was computed.
struct RecentLookup {
    /// Held (not only its bits remembered) so that its storage cannot be freed and reused by
    /// another string while it is remembered here.
    private var key = ""
    private var isValid = false
    var position: Int?
    var hash: UInt64?

    init() {}

    init(key: String, position: Int?, hash: UInt64?) {
        self.key = key
        self.isValid = true
        self.position = position
        self.hash = hash
    }

    /// Whether `candidate` is the remembered key: the same two words of `String`, that is the
    /// same inline text or the same (live, immutable) storage. Equal text in another string
    /// is not recognised here; it is looked up as usual.
    @inline(__always)
    func isKey(_ candidate: String) -> Bool {
        guard isValid else { return false }
        let mine = unsafeBitCast(key, to: (UInt64, UInt64).self)
        let theirs = unsafeBitCast(candidate, to: (UInt64, UInt64).self)
        return mine.0 == theirs.0 && mine.1 == theirs.1
    }
}
