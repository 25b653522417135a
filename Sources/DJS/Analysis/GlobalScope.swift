/// The program's global variables: the built-ins first, then what top-level code declares.
///
/// It outlives a single parse so that REPL inputs see the names earlier inputs declared;
/// the interpreter keeps the values in an array indexed by the same slots.
public final class GlobalScope {
    private(set) var slots: [String: Int] = [:]
    private(set) var names: [String] = []
    /// Slots that hold built-ins; a program may declare its own variable of the same name.
    private var builtinSlots: Set<Int> = []
    /// The REPL lets a later input `let` a name again; a script may not.
    public var allowsRedeclaration: Bool

    public init(allowsRedeclaration: Bool = false) {
        self.allowsRedeclaration = allowsRedeclaration
    }

    public var count: Int { names.count }

    public func slot(of name: String) -> Int? { slots[name] }

    public func isBuiltin(_ slot: Int) -> Bool { builtinSlots.contains(slot) }

    /// Names visible at top level, for completion and "did you mean".
    public var visibleNames: [String] { Array(slots.keys) }

    func declareBuiltin(_ name: String) -> Int {
        let slot = declareNew(name)
        builtinSlots.insert(slot)
        return slot
    }

    /// Declares `name` at top level; nil when the script already declared it.
    func declare(_ name: String) -> Int? {
        if let existing = slots[name] {
            if builtinSlots.contains(existing) { return declareNew(name) }
            return allowsRedeclaration ? existing : nil
        }
        return declareNew(name)
    }

    private func declareNew(_ name: String) -> Int {
        let slot = names.count
        names.append(name)
        slots[name] = slot
        return slot
    }
}
