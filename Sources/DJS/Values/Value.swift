/// A djs value. Integers, floats, booleans, times and durations are stored inline (no boxing);
/// lists and maps are shared, mutable references, as in Python or JavaScript.
public enum Value {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// An instant, in milliseconds since 1970-01-01T00:00:00Z.
    case time(Int)
    /// A length of time, in milliseconds.
    case duration(Int)
    case list(ListRef)
    case map(MapRef)
    /// `range(a, b, step)`: iterated lazily, so `for i in range(5000000)` allocates nothing.
    case range(RangeRef)
    case function(Closure)
    case builtin(Builtin)
    /// A Devo job (see `JobService`).
    case job(JobRef)

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The name a person would use for this value's type in an error message.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "string"
        case .time: "time"
        case .duration: "duration"
        case .list: "list"
        case .map: "map"
        case .range: "range"
        case .function, .builtin: "function"
        case .job: "job"
        }
    }
}

/// A list's storage. Reference semantics: `let b = a; push(b, 1)` changes `a` too.
public final class ListRef {
    // Unchecked: the interpreter never holds an access to `items` across a call that could
    // touch the same list, and the dynamic check was a measurable share of list-heavy loops.
    @exclusivity(unchecked) public var items: [Value]
    public init(_ items: [Value]) { self.items = items }

    deinit {
        if items.contains(where: \.isContainer) {
            let taken = items
            items = []
            Teardown.release(consume taken)
        }
    }
}

/// A map: string keys, kept in insertion order so output is predictable.
///
/// Most maps are small records (a job has a dozen fields), and for those a linear scan of
/// the keys beats hashing: comparing short strings is a few instructions, while hashing one
/// costs a full SipHash and the table an allocation of its own. So the key → position table
/// is only built once a map outgrows `linearLimit` keys.
public final class MapRef {
    // Unchecked exclusivity: no access to these spans a call that could reach the same map,
    // and the dynamic checks were a visible share of map-heavy programs.
    @exclusivity(unchecked) public private(set) var keys: [String] = []
    @exclusivity(unchecked) public private(set) var values: [Value] = []
    /// Key → position; nil while the map is small enough to scan.
    @exclusivity(unchecked) private var positions: [String: Int]?

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
        if keys.count > MapRef.linearLimit {
            positions = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
        }
    }

    public init(_ entries: [(String, Value)]) {
        keys.reserveCapacity(entries.count)
        values.reserveCapacity(entries.count)
        for (key, value) in entries { self[key] = value }
    }

    public var count: Int { keys.count }

    @inline(__always)
    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return keys.firstIndex(of: key)
    }

    public subscript(key: String) -> Value? {
        get { position(of: key).map { values[$0] } }
        set {
            if let position = position(of: key) {
                if let newValue { values[position] = newValue } else { removeValue(at: position) }
            } else if let newValue {
                if positions != nil {
                    positions![key] = keys.count
                } else if keys.count == MapRef.linearLimit {
                    positions = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
                    positions![key] = keys.count
                }
                keys.append(key)
                values.append(newValue)
            }
        }
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

    private func removeValue(at position: Int) {
        keys.remove(at: position)
        values.remove(at: position)
        guard positions != nil else { return }
        positions = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
    }

    public var entries: Zip2Sequence<[String], [Value]> { zip(keys, values) }

    deinit {
        if values.contains(where: \.isContainer) { Teardown.release(takeValues()) }
    }

    /// Empties the map, handing its values to the caller (see `Teardown`).
    fileprivate func takeValues() -> [Value] {
        let taken = values
        keys = []
        values = []
        positions = nil
        return taken
    }
}

/// Where one `x.field` site last found its key (see `MapRef.value(forKey:memo:)`).
final class KeyMemo {
    @exclusivity(unchecked) var keys: [String] = []
    @exclusivity(unchecked) var position = 0
}

extension Value {
    /// Whether this value is a list or a map, which may hold further values.
    var isContainer: Bool {
        switch self {
        case .list, .map: true
        default: false
        }
    }
}

/// Releases nested lists and maps without recursion.
///
/// Swift frees a list by releasing its items, which frees an inner list by releasing its
/// items, and so on: a list nested a million deep (`b = [b]` in a loop, or a linked list of
/// maps) would overflow the stack when it is dropped. Instead, a dying container moves the
/// items of every inner container that it alone still references onto one work list, so each
/// of them dies empty, without recursing.
enum Teardown {
    /// `pending` must be the only reference to its array, or its elements would not be
    /// uniquely referenced; hence `consuming`.
    static func release(_ pending: consuming [Value]) {
        while !pending.isEmpty {
            var value = pending.removeLast()
            // `value` is overwritten before each uniqueness check so that the bound reference is
            // the only one this function holds (a `switch` would keep a copy of its subject).
            // A container holding no containers frees its items without recursing, so it is
            // simply let go (a list of 200,000 flat job maps no longer goes item by item
            // through the work list).
            if case .list(var list) = value {
                value = .null
                if isKnownUniquelyReferenced(&list), list.items.contains(where: \.isContainer) {
                    pending += list.items
                    list.items = []
                }
            } else if case .map(var map) = value {
                value = .null
                if isKnownUniquelyReferenced(&map), map.values.contains(where: \.isContainer) {
                    pending += map.takeValues()
                }
            }
        }
    }
}

public final class RangeRef {
    public let start: Int, end: Int, step: Int
    public init(start: Int, end: Int, step: Int) {
        self.start = start
        self.end = end
        self.step = step
    }

    /// Written so that no intermediate overflows: `range(0, 9223372036854775807, 9223372036854775807)`
    /// trapped in `end - start + step - 1`. The `range` built-in guarantees that the distance
    /// between start and end fits in an Int.
    public var count: Int {
        if step > 0 { return start < end ? (end - start - 1) / step + 1 : 0 }
        guard start > end else { return 0 }
        if step == .min { return 1 }
        return (start - end - 1) / -step + 1
    }

    public func element(_ index: Int) -> Int { start + index * step }
}

/// A user function together with the frame it was created in, which it can still read and
/// write (closures).
public final class Closure {
    public let declaration: FunctionDecl
    let captured: Frame?
    /// The declaration's compiled body (see `Interpreter.closure`).
    let compiled: CompiledFunction

    init(declaration: FunctionDecl, captured: Frame?, compiled: CompiledFunction) {
        self.declaration = declaration
        self.captured = captured
        self.compiled = compiled
    }
}

/// The local variables of one function call (or of top-level code), addressed by slot.
///
/// Every call makes a frame, so the frame and its slots are one allocation: a `ManagedBuffer`
/// keeps its elements right after its header. Variables are read and written through the
/// raw `slots` pointer; an array property would cost a dynamic exclusivity check and a
/// copy-on-write check on every access. The resolver guarantees slot indexes are in range.
final class Frame: ManagedBuffer<Frame.Header, Value> {
    struct Header {
        let slotCount: Int
        /// Set again when a spare frame is reused for another call (see `CompiledFunction`).
        var parent: Frame?
    }

    static func make(slotCount: Int, parent: Frame?) -> Frame {
        let buffer = Frame.create(minimumCapacity: slotCount) { _ in Header(slotCount: slotCount, parent: parent) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.slots.initialize(repeating: .null, count: slotCount)
        return frame
    }

    /// The slots' storage. It lives inside this object, so the pointer stays valid for as
    /// long as the caller holds the frame (which every user of it does).
    @inline(__always)
    var slots: UnsafeMutablePointer<Value> { withUnsafeMutablePointerToElements { $0 } }

    var parent: Frame? { header.parent }

    /// Gives a spare frame to another call. Through the header's pointer, because assigning
    /// `header` goes through a dynamic exclusivity check (a tenth of a small call).
    @inline(__always)
    func reuse(parent: Frame?) {
        withUnsafeMutablePointerToHeader { $0.pointee.parent = parent }
    }

    /// Empties a finished call's frame for reuse: every slot null, no parent kept alive.
    func clear() {
        withUnsafeMutablePointers { header, slots in
            for index in 0..<header.pointee.slotCount { slots[index] = .null }
            header.pointee.parent = nil
        }
    }

    deinit {
        // Slot by slot rather than `deinitialize(count:)`, which goes through the runtime's
        // generic array destroy: frames are small and made on every call.
        withUnsafeMutablePointers { header, slots in
            for index in 0..<header.pointee.slotCount { _ = (slots + index).move() }
        }
    }
}

/// A function written in Swift.
public final class Builtin {
    public let name: String
    public let signature: String
    let body: (inout Arguments) throws -> Value
    /// An optional fast path for a call with exactly two positional arguments (`push(xs, x)`
    /// in a loop): it takes them as they are, without the `Arguments` and its array, and
    /// answers nil to leave the call to `body`, which also words every error.
    let twoArguments: ((Value, Value) -> Value?)?

    public init(_ name: String, _ signature: String, _ body: @escaping (inout Arguments) throws -> Value) {
        self.name = name
        self.signature = signature
        self.body = body
        self.twoArguments = nil
    }

    init(_ name: String, _ signature: String, twoArguments: @escaping (Value, Value) -> Value?,
         _ body: @escaping (inout Arguments) throws -> Value) {
        self.name = name
        self.signature = signature
        self.body = body
        self.twoArguments = twoArguments
    }
}
