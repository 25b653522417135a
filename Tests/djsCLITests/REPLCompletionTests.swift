@testable import djs
import DJS
import Foundation
import Testing

/// What Tab offers in each context, and the history rules, without a terminal.
@Suite struct REPLCompletionTests {
    let completer = Completer(namesInScope: { ["jobCount", "jay", "len"] })

    @Test func namesKeywordsAndBuiltinsWithTheirParenthesis() {
        #expect(completer.candidates(before: "", word: "ja") == ["jay"])
        #expect(completer.candidates(before: "let x = ", word: "jobC") == ["jobCount"])
        #expect(completer.candidates(before: "", word: "whi") == ["while"])
        #expect(completer.candidates(before: "print(", word: "le") == ["len(", "let"])
        #expect(completer.candidates(before: "", word: "sle") == ["sleep("])
        #expect(completer.candidates(before: "", word: "zzz").isEmpty)
    }

    @Test func jobFieldsAfterADot() {
        #expect(completer.candidates(before: "j.", word: "sta") == ["status"])
        #expect(completer.candidates(before: "for j in js where j.", word: "event") == ["eventGenerated", "eventsSent"])
    }

    @Test func statusValuesInsideAString() {
        #expect(completer.candidates(before: "j.status == \"", word: "RUN") == ["RUNNING"])
        #expect(completer.candidates(before: "\"", word: "re") == ["RECONNECTING", "REMOVED"])
        // A closed string is behind the cursor: back to names.
        #expect(completer.candidates(before: "\"a\" + ", word: "ja") == ["jay"])
        #expect(completer.candidates(before: "\"a \\\" ", word: "PA") == ["PAUSED"])
    }

    @Test func metaCommandsAndTheirArguments() {
        #expect(completer.candidates(before: ":", word: "hi") == ["history"])
        #expect(completer.candidates(before: ":", word: "") == MetaCommand.names)
        // '-' breaks words for libedit, so only the part after it is replaced.
        #expect(completer.candidates(before: ":dry-", word: "r") == ["run"])
        #expect(completer.candidates(before: ":format ", word: "js") == ["json", "jsonl"])
        #expect(completer.candidates(before: ":timing ", word: "o") == ["off", "on"])
        #expect(completer.candidates(before: ":help ", word: "ke") == ["keys"])
    }

    @Test func historySkipsBlanksAndRepeatsAndKeepsTheNewest() {
        var history = HistoryList(limit: 3)
        let recorded = ["a", "a", "   ", "b", "a", "c\nd"].map { history.record($0) }
        #expect(recorded == [true, false, false, true, true, true])
        #expect(history.entries == ["b", "a", "c\nd"])
    }

    @Test func historyFileFollowsXDGThenHome() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("djs-home-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        #expect(HistoryList.filePath(environment: ["HOME": home]) == home + "/.local/state/djs/history")
        #expect(HistoryList.filePath(environment: ["HOME": home, "XDG_STATE_HOME": home + "/state"])
                == home + "/state/djs/history")
        // Relative XDG paths are ignored, as the spec says.
        #expect(HistoryList.filePath(environment: ["HOME": home, "XDG_STATE_HOME": "rel"])
                == home + "/.local/state/djs/history")
        // A state directory that cannot be created (a file is in the way): ~/.djs_history.
        let blocked = home + "/blocked"
        _ = FileManager.default.createFile(atPath: blocked, contents: Data())
        #expect(HistoryList.filePath(environment: ["HOME": home, "XDG_STATE_HOME": blocked]) == home + "/.djs_history")
        #expect(HistoryList.filePath(environment: [:]) == nil)
    }

    @Test func incompleteVersusInvalid() {
        let repl = Session("").repl
        for text in ["for i in range(3) <", "print(1,", "\"open", "\"a ${", "1 +", "[1, 2"] {
            #expect(repl.needsMoreInput(SourceFile(name: "t", text: text)), "\(text)")
        }
        for text in ["1 + 2", "let = (", ")", "for i in <", "print(1))"] {
            #expect(!repl.needsMoreInput(SourceFile(name: "t", text: text)), "\(text)")
        }
    }
}
