import Foundation

/// The date forms Devo's query API takes in `from` and `to` (its API document, "Date
/// Formats"), turned into epoch milliseconds:
///
/// - a number: epoch seconds (as the SDK sends them); ≥ 10^11 is read as milliseconds, a
///   second count that large being implausible (the simulator's own leniency);
/// - fixed dates `"2025-01-30 15:35:23"` and `"2025-01-30"` (midnight), in the time zone;
/// - the keywords `now`, `today` (midnight), `yesterday`, `endday` (23:59:59 of the day) and
///   `endmonth` (23:59:59 of the month's last day);
/// - `Nd` and `Nh` (N days or hours ago), `Nad` and `Nah` (counted from midnight);
/// - expressions of `now()`, `today()`, `yesterday()` and the amounts `second()` (1),
///   `minute()` (60), `hour()`, `day()`, `week()`, `month()` (30 days), in seconds, with
///   numbers, `+ - * /` and parentheses: `"now()-2*day()"`, `"today()-6*month()"`.
///
/// In `to`, the relative forms count from `from`, as Devo documents: `"to": "2d"` is two days
/// after `from`, `"to": "endday"` the end of `from`'s day. The time zone (`"GMT+2"`, `"UTC"`,
/// or a zone name) moves day and month boundaries and fixed dates. Anything else (ISO 8601
/// with a `T`, `"now-1d"`, `"30m"`) is not Devo's and is refused.
enum DevoDateLanguage {
    /// The facts a form is read against: the clock, the time zone, and for `to` the `from`.
    struct Context {
        var now: Int64
        /// Milliseconds east of UTC.
        var zoneOffset: Int64 = 0
        /// Set when reading `to`: relative forms count from it.
        var from: Int64?
    }

    static let dayMilliseconds: Int64 = 86_400_000
    /// Later than any date a query could mean (year 5000); earlier than 1970 is refused too.
    static let latest: Int64 = 95_617_584_000_000

    static func milliseconds(_ value: Any, _ context: Context) -> Int64? {
        let result: Int64?
        if let number = value as? NSNumber, !(value is String) {
            result = epoch(number.doubleValue)
        } else if let text = value as? String {
            result = reading(text.trimmingCharacters(in: .whitespaces).lowercased(), context)
        } else {
            result = nil
        }
        guard let result, result >= 0, result <= latest else { return nil }
        return result
    }

    private static func epoch(_ number: Double) -> Int64? {
        guard number.isFinite, number >= 0, number < 1e15 else { return nil }
        return number >= 1e11 ? Int64(number) : Int64(number * 1000)
    }

    private static func reading(_ text: String, _ context: Context) -> Int64? {
        guard !text.isEmpty, text.count <= 100 else { return nil }
        if text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let number = Double(text) { return epoch(number) }
        let base = context.from ?? context.now
        switch text {
        case "now": return context.now
        case "today": return startOfDay(context.now, context)
        case "yesterday": return startOfDay(context.now, context) - dayMilliseconds
        case "endday": return startOfDay(base, context) + dayMilliseconds - 1000
        case "endmonth": return endOfMonth(base, context)
        default: break
        }
        if let relative = relative(text, context) { return relative }
        if let fixed = fixedDate(text, context) { return fixed }
        if text.contains("(") { return expression(text, context) }
        return nil
    }

    /// `2d`, `16h`, `5ad`, `12ah`: back from now in `from`, forward from `from` in `to`.
    private static func relative(_ text: String, _ context: Context) -> Int64? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 6, let amount = Int64(digits) else { return nil }
        let unit = text.dropFirst(digits.count)
        let step: Int64
        let fromMidnight: Bool
        switch unit {
        case "d": (step, fromMidnight) = (dayMilliseconds, false)
        case "h": (step, fromMidnight) = (3_600_000, false)
        case "ad": (step, fromMidnight) = (dayMilliseconds, true)
        case "ah": (step, fromMidnight) = (3_600_000, true)
        default: return nil
        }
        if let from = context.from {
            return (fromMidnight ? startOfDay(from, context) : from) + amount * step
        }
        return (fromMidnight ? startOfDay(context.now, context) : context.now) - amount * step
    }

    /// `%Y-%m-%d %H:%M:%S` or `%Y-%m-%d`, in the time zone.
    private static func fixedDate(_ text: String, _ context: Context) -> Int64? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard date.count == 3, let year = date[0], let month = date[1], let day = date[2],
              parts[0].count == 10, (1970...4999).contains(year) else { return nil }
        var hour = 0, minute = 0, second = 0
        if parts.count == 2 {
            let time = parts[1].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard time.count == 3, parts[1].count == 8, let h = time[0], let m = time[1], let s = time[2] else { return nil }
            (hour, minute, second) = (h, m, s)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard components.isValidDate(in: calendar), hour < 24, minute < 60, second < 60,
              let utc = calendar.date(from: components) else { return nil }
        return Int64(utc.timeIntervalSince1970) * 1000 - context.zoneOffset
    }

    private static func startOfDay(_ time: Int64, _ context: Context) -> Int64 {
        let local = time + context.zoneOffset
        return local - ((local % dayMilliseconds) + dayMilliseconds) % dayMilliseconds - context.zoneOffset
    }

    private static func endOfMonth(_ time: Int64, _ context: Context) -> Int64? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let local = Date(timeIntervalSince1970: Double(time + context.zoneOffset) / 1000)
        guard let first = calendar.date(from: calendar.dateComponents([.year, .month], from: local)),
              let next = calendar.date(byAdding: .month, value: 1, to: first) else { return nil }
        return Int64(next.timeIntervalSince1970) * 1000 - 1000 - context.zoneOffset
    }

    // MARK: - Expressions

    /// A tiny recursive-descent reader over seconds: sums of products of factors.
    private static func expression(_ text: String, _ context: Context) -> Int64? {
        var reader = ExpressionReader(characters: Array(text.filter { $0 != " " }), context: context)
        guard let seconds = reader.sum(depth: 0), reader.atEnd, seconds.isFinite, abs(seconds) < 1e13 else { return nil }
        return Int64((seconds * 1000).rounded())
    }

    private struct ExpressionReader {
        let characters: [Character]
        let context: Context
        var position = 0

        var atEnd: Bool { position == characters.count }

        mutating func sum(depth: Int) -> Double? {
            guard depth < 20, var value = product(depth: depth) else { return nil }
            while position < characters.count, characters[position] == "+" || characters[position] == "-" {
                let sign: Double = characters[position] == "+" ? 1 : -1
                position += 1
                guard let next = product(depth: depth) else { return nil }
                value += sign * next
            }
            return value
        }

        mutating func product(depth: Int) -> Double? {
            guard var value = factor(depth: depth) else { return nil }
            while position < characters.count, characters[position] == "*" || characters[position] == "/" {
                let multiply = characters[position] == "*"
                position += 1
                guard let next = factor(depth: depth) else { return nil }
                if !multiply && next == 0 { return nil }
                value = multiply ? value * next : value / next
            }
            return value
        }

        mutating func factor(depth: Int) -> Double? {
            guard position < characters.count else { return nil }
            let character = characters[position]
            if character == "(" {
                position += 1
                guard let value = sum(depth: depth + 1), position < characters.count, characters[position] == ")" else { return nil }
                position += 1
                return value
            }
            if character.isNumber {
                let start = position
                while position < characters.count, characters[position].isNumber || characters[position] == "." { position += 1 }
                return Double(String(characters[start..<position]))
            }
            let start = position
            while position < characters.count, characters[position].isLetter { position += 1 }
            let name = String(characters[start..<position])
            guard position + 1 < characters.count, characters[position] == "(", characters[position + 1] == ")" else { return nil }
            position += 2
            let now = Double(context.now) / 1000
            let midnight = Double(DevoDateLanguage.startOfDay(context.now, context)) / 1000
            switch name {
            case "now": return now
            case "today": return midnight
            case "yesterday": return midnight - 86_400
            case "second": return 1
            case "minute": return 60
            case "hour": return 3_600
            case "day": return 86_400
            case "week": return 604_800
            case "month": return 2_592_000
            default: return nil
            }
        }
    }

    // MARK: - Time zones

    /// `GMT+2`, `GMT-02:30`, `UTC`, `GMT`, `Z`, or a zone name such as `Europe/Madrid` (its
    /// offset now): milliseconds east of UTC; nil when unknown.
    static func zoneOffset(_ text: String, now: Int64) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let upper = trimmed.uppercased()
        if ["UTC", "GMT", "Z"].contains(upper) { return 0 }
        for prefix in ["GMT", "UTC"] where upper.hasPrefix(prefix) {
            let rest = upper.dropFirst(prefix.count)
            guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
            let fields = rest.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(fields.count), let hours = Int64(fields[0]), hours <= 14,
                  fields[0].count <= 2 else { return nil }
            let minutes = fields.count == 2 ? Int64(fields[1]) : 0
            guard let minutes, minutes < 60 else { return nil }
            return (sign == "+" ? 1 : -1) * (hours * 3_600_000 + minutes * 60_000)
        }
        guard trimmed.contains("/"), let zone = TimeZone(identifier: trimmed) else { return nil }
        return Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(now) / 1000))) * 1000
    }
}
