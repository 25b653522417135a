/// The lazy list of `range(start, end, step)`: its bounds, not its elements.
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
