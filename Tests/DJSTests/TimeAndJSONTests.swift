@testable import DJS
import Testing

@Suite struct TimeFormatTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0),
        ("2024-01-01T00:00:00Z", 1_704_067_200_000),
        ("2024-02-29T12:30:15.250Z", 1_709_209_815_250),
        ("1969-12-31T23:59:59.999Z", -1),
        ("2000-03-01T00:00:00Z", 951_868_800_000),
    ])
    func printsAndParsesISO8601(text: String, milliseconds: Int) {
        #expect(TimeFormat.iso8601(milliseconds: milliseconds) == text)
        #expect(TimeFormat.parseISO8601(text) == milliseconds)
    }

    @Test func acceptsOtherSpellings() {
        let noon = TimeFormat.parseISO8601("2024-06-15T12:00:00Z")
        #expect(noon != nil)
        #expect(TimeFormat.parseISO8601("2024-06-15T14:00:00+02:00") == noon)
        #expect(TimeFormat.parseISO8601("2024-06-15T07:30:00-0430") == noon)
        #expect(TimeFormat.parseISO8601("2024-06-15 12:00") == noon)
        #expect(TimeFormat.parseISO8601("2024-06-15") == TimeFormat.parseISO8601("2024-06-15T00:00:00Z"))
    }

    @Test(arguments: ["", "2024", "2024-13-01", "2023-02-29", "2024-01-01T24:00:00Z", "2024-01-01T00:60Z",
                      "2024-01-01T00:00:00Q", "2024-01-01T00:00:00.Z", "24-01-01"])
    func rejectsInvalidTimes(_ text: String) {
        #expect(TimeFormat.parseISO8601(text) == nil)
    }

    @Test(arguments: [
        (0, "0s"), (500, "500ms"), (90_000, "1m30s"), (9_000_000, "2h30m"), (93_784_005, "1d2h3m4s5ms"),
        (-300_000, "-5m"), (604_800_000, "7d"),
    ])
    func formatsDurations(milliseconds: Int, text: String) {
        #expect(TimeFormat.duration(milliseconds: milliseconds) == text)
    }

    @Test func extremeDurationsDoNotTrap() {
        #expect(TimeFormat.duration(milliseconds: Int.min).hasPrefix("-"))
        #expect(!TimeFormat.duration(milliseconds: Int.max).isEmpty)
        #expect(!TimeFormat.iso8601(milliseconds: Int.max / 2).isEmpty)
    }
}

@Suite struct JSONTests {
    private func roundTrip(_ text: String) throws -> String {
        try JSON.encode(try JSON.decode(text))
    }

    @Test func decodesEveryKindOfValue() throws {
        let value = try JSON.decode(#"{"a": [1, -2.5, 1e2, null, true, false, "x"], "b": {}, "c": []}"#)
        #expect(value.reprText == #"{"a": [1, -2.5, 100.0, null, true, false, "x"], "b": {}, "c": []}"#)
    }

    @Test func roundTripsCompactly() throws {
        #expect(try roundTrip(#" { "k" : [ 1 , "two" , { "z" : null } ] } "#) == #"{"k":[1,"two",{"z":null}]}"#)
        #expect(try roundTrip(#"{"b":1,"a":2}"#) == #"{"b":1,"a":2}"#)
    }

    @Test func stringEscapes() throws {
        #expect(try JSON.decode(#""\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#).reprText == #""\"\\/\u{8}\u{c}\n\r\té😀""#)
        #expect(try JSON.encode(.string("a\"b\\c\n\u{1}")) == #""a\"b\\c\n\u0001""#)
    }

    @Test func bigIntegersBecomeFloats() throws {
        #expect(try JSON.decode("9223372036854775807").reprText == "9223372036854775807")
        #expect(try JSON.decode("9223372036854775808").typeName == "float")
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"abc", "01x", "[1] 2", "{1: 2}", "\"\\x\"", "-"])
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONError.self) { try JSON.decode(text) }
    }

    @Test func refusesDeepNestingInsteadOfCrashing() {
        #expect(throws: JSONError.self) { try JSON.decode(String(repeating: "[", count: 100_000)) }
        let list = ListRef([])
        list.items.append(.list(list))
        #expect(throws: JSONError.self) { try JSON.encode(.list(list)) }
    }

    @Test func valuesWithoutJSONForm() {
        #expect(throws: JSONError.self) { try JSON.encode(.float(.nan)) }
    }
}

@Suite struct ValueTests {
    @Test func equalityOfDeepAndCyclicStructures() {
        var a = Value.list(ListRef([]))
        var b = Value.list(ListRef([]))
        for _ in 0..<100_000 {
            a = .list(ListRef([a]))
            b = .list(ListRef([b]))
        }
        #expect(Operators.equal(a, b))
        let x = ListRef([.int(1)]), y = ListRef([.int(1)])
        x.items.append(.list(x))
        y.items.append(.list(y))
        #expect(Operators.equal(.list(x), .list(y)))
        #expect(!Operators.equal(.list(x), .list(ListRef([.int(1), .int(2)]))))
        // Break the cycles so the test does not leak.
        x.items.removeAll()
        y.items.removeAll()
    }

    @Test func spellingSuggestions() {
        #expect(Spelling.closest(to: "stauts", among: ["status", "id"]) == "status")
        #expect(Spelling.closest(to: "lenn", among: ["len", "print"]) == "len")
        #expect(Spelling.closest(to: "zzzz", among: ["len", "print"]) == nil)
    }
}
