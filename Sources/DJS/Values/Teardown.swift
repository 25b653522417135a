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
