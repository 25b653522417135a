import Foundation
import Testing
@testable import DJSClient

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }
    private func fails(_ text: String) -> Bool { (try? parse(text)) == nil }

    @Test func scalarsAndContainers() throws {
        #expect(try parse(" null ") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse(#""text""#) == .string("text"))
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object([:]))
        #expect(try parse(" [ 1 , [ ] , { \"a\" : { } } ]\n") == .array([.int(1), .array([]), .object(["a": .object([:])])]))
        #expect(try parse("\u{FEFF}{\"a\":1}") == .object(["a": .int(1)]))
    }

    @Test func integersStayExactAndOthersAreDoubles() throws {
        #expect(try parse("0") == .int(0))
        #expect(try parse("-0") == .int(0))
        #expect(try parse("1732000000123") == .int(1_732_000_000_123))
        #expect(try parse("9223372036854775807") == .int(Int.max))
        #expect(try parse("-9223372036854775808") == .int(Int.min))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try parse("1.5") == .double(1.5))
        #expect(try parse("-2.5e3") == .double(-2500))
        #expect(try parse("1E-2") == .double(0.01))
        #expect(try parse("40.0").intValue == 40)
    }

    @Test func stringEscapesAndUnicode() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        #expect(try parse(#""\u00f1 \u20AC \ud83d\ude00""#) == .string("ñ € 😀"))
        #expect(try parse("\"ñ 😀 raw\"") == .string("ñ 😀 raw"))
        #expect(try parse(#""before \u0041 after ñ""#) == .string("before A after ñ"))
    }

    @Test func duplicateMembersKeepTheLast() throws {
        #expect(try parse(#"{"a":1,"a":2}"#) == .object(["a": .int(2)]))
    }

    @Test(arguments: [
        "", " ", "nul", "tru", "True", "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{a:1}", "{'a':1}", "[1]]", "1 2",
        "01", "1.", ".5", "-", "1e", "1e+", "+1", "0x10", "NaN", "Infinity", "\"unterminated", "\"bad \\x escape\"",
        "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"tab\there\"", "[1] // comment", "{\"a\":1}}",
    ])
    func malformedTextIsRejected(_ text: String) {
        #expect(fails(text), "accepted: \(text)")
    }

    @Test func invalidUTF8IsRejectedEvenAfterAnEscape() {
        #expect((try? JSONValue.parse([0x22, 0xC3, 0x28, 0x22])) == nil)
        #expect((try? JSONValue.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22])) == nil)
        #expect((try? JSONValue.parse([0x22, 0xC3, 0xB1, 0x22])) == .string("ñ"))
    }

    @Test func nestingIsBounded() throws {
        let deepest = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(try parse(deepest).arrayValue != nil)
        let tooDeep = String(repeating: "[", count: JSONParser.maximumDepth + 1) + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        #expect(fails(tooDeep))
        #expect(fails(String(repeating: "{\"a\":", count: 100_000)))
    }

    @Test func errorsNameTheOffsetNotTheText() {
        #expect(throws: JSONParseError(reason: "unexpected character", offset: 10)) {
            try JSONValue.parse(Array(#"{"secret":x}"#.utf8))
        }
    }

    @Test func agreesWithJSONSerializationOnRandomDocuments() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let value = randomValue(depth: 0, &random)
            let text = try JSONSerialization.data(withJSONObject: ["v": foundationObject(value)])
            #expect(try JSONValue.parse([UInt8](text)) == .object(["v": value]))
        }
    }

    @Test func deferredMemberIsCheckedButNotBuilt() throws {
        let body = Array(#"{"status":0,"object":[{"id":"a"},{"id":"b","x":[1,{"y":"ñ"}]}],"cid":"c"}"#.utf8)
        let (envelope, range) = try JSONParser.parseObject(body, deferring: "object")
        #expect(envelope["status"] == .int(0) && envelope["cid"] == .string("c"))
        let deferred = try #require(range)
        var ids: [String] = []
        try JSONParser.forEachElement(of: body, range: deferred) { element in
            ids.append(element["id"]?.stringValue ?? "?")
            return true
        }
        #expect(ids == ["a", "b"])
        #expect(try JSONParser.parse(body, range: deferred).arrayValue?.count == 2)

        #expect((try? JSONParser.parseObject(Array(#"{"object":[1,}"#.utf8), deferring: "object")) == nil)
        #expect((try? JSONParser.parseObject(Array(#"{"object":"\ud800"}"#.utf8), deferring: "object")) == nil)
        #expect((try? JSONParser.parseObject(Array("{\"object\":\"\u{FF}\"}".utf8), deferring: "object")) != nil)
        #expect(throws: JSONParseError.self) { try JSONParser.forEachElement(of: Array("{}".utf8), range: 0..<2) { _ in true } }
    }

    // MARK: - Random documents

    private func randomValue(depth: Int, _ random: inout SystemRandomNumberGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .int(Int.random(in: -1_000_000_000_000...1_000_000_000_000, using: &random))
        case 3: return .double(Double(Int.random(in: -1000...1000, using: &random)) + 0.25)
        case 4: return .string(randomString(&random))
        case 5: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in randomValue(depth: depth + 1, &random) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &random) { members[randomString(&random)] = randomValue(depth: depth + 1, &random) }
            return .object(members)
        }
    }

    private func randomString(_ random: inout SystemRandomNumberGenerator) -> String {
        let alphabet: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "ñ", "€", "😀", "\u{7F}"]
        return String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
    }

    private func foundationObject(_ value: JSONValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let flag): return flag
        case .int(let number): return number
        case .double(let number): return number
        case .string(let text): return text
        case .array(let elements): return elements.map(foundationObject)
        case .object(let members): return members.mapValues(foundationObject)
        }
    }
}
