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
