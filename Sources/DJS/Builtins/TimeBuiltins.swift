#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Builtins {
    static var times: [Builtin] { [
        Builtin("now", "now(): the current time (UTC)") { arguments in
            try arguments.expect(0...0)
            return .time(Clock.nowMilliseconds())
        },
        Builtin("time", "time(text or number): a time from ISO-8601 text (\"2024-01-01T00:00:00Z\") or epoch milliseconds") { arguments in
            try arguments.expect(1...1)
            switch arguments[0] {
            case .string(let text):
                guard let ms = TimeFormat.parseISO8601(text) else {
                    throw arguments.error("\(Value.quoted(text)) is not an ISO-8601 time such as \"2024-01-01T00:00:00Z\"")
                }
                return .time(ms)
            case .int(let ms): return .time(ms)
            case .time: return arguments[0]
            default: throw arguments.typeError(0, "a string or an int (epoch milliseconds)")
            }
        },
        Builtin("sleep", "sleep(duration): waits; Ctrl-C interrupts it") { arguments in
            try arguments.expect(1...1)
            guard case .duration(let total) = arguments[0] else {
                throw arguments.typeError(0, "a duration such as 500ms or 2s")
            }
            try arguments.pause(milliseconds: total)
            return .null
        },
    ] }
}

enum Clock {
    static func nowMilliseconds() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int(spec.tv_sec) * 1000 + Int(spec.tv_nsec) / 1_000_000
    }
}

extension Arguments {
    /// Sleeps in short naps so that Ctrl-C ends the wait within 50 ms.
    func pause(milliseconds total: Int) throws {
        var remaining = total
        while remaining > 0 {
            if interpreter.interrupt.isRaised { throw Interrupted(location: location) }
            let nap = min(remaining, 50)
            usleep(UInt32(nap * 1000))
            remaining -= nap
        }
    }
}
