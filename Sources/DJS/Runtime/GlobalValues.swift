/// The values of the global variables, by slot (the resolver numbers them in `GlobalScope`).
///
/// A buffer of its own rather than an array, so that compiled code reads and writes a global
/// through a pointer, without an array's uniqueness and exclusivity checks. It only grows,
/// between runs (`Interpreter.run`, `define`), never while code runs, so an address taken
/// while code runs stays valid.
struct GlobalValues {
    private(set) var base: UnsafeMutablePointer<Value>
    private(set) var count = 0
    private var capacity: Int

    init() {
        capacity = 64
        base = .allocate(capacity: capacity)
    }

    subscript(slot: Int) -> Value {
        get { base[slot] }
        nonmutating set { base[slot] = newValue }
    }

    /// Makes room for `newCount` globals; the new ones are null.
    mutating func grow(to newCount: Int) {
        guard newCount > count else { return }
        if newCount > capacity {
            let newCapacity = max(newCount, capacity * 2)
            let newBase = UnsafeMutablePointer<Value>.allocate(capacity: newCapacity)
            newBase.moveInitialize(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }
        (base + count).initialize(repeating: .null, count: newCount - count)
        count = newCount
    }

    /// Frees the values and the buffer; for the owner's `deinit`.
    func release() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
