@testable import djs
import Foundation
import DJS
import Testing

/// REPL sessions run in-process with a scripted reader. Each test is one transcript, written
/// as it would look on a terminal: `djs> ` and `...> ` lines are what the user typed, a line
/// ending in `^C` is Ctrl-C pressed while typing, a `^C` line alone is Ctrl-C while the
/// statement above it runs, and every other line is what djs printed (output and errors).
@Suite struct REPLTranscriptTests {
    @Test func echoesExpressionsAndKeepsStatementsSilent() {
        expectTranscript("""
            djs> 1 + 2
            3
            djs> let x = "a"
            djs> x + "b"
            "ab"
            djs> print(x + "b")
            ab
            djs> null
            djs> [1, "two", true]
            [1, "two", true]
            """)
    }

    @Test func continuesAnOpenBlockParenOrStringAndRunsItOnce() {
        expectTranscript("""
            djs> for i in range(3) <
            ...>   print(i * 10)
            ...> >
            0
            10
            20
            djs> let total = (1 +
            ...>   2)
            djs> total
            3
            djs> "two
            ...> lines"
            "two\\nlines"
            """)
    }

    @Test func blankLinesInsideAStatementAreKeptAndBlankPromptsIgnored() {
        expectTranscript("""
            djs>
            djs> fn double(n) <
            ...>
            ...>   return n * 2
            ...> >
            djs> double(21)
            42
            """)
    }

    @Test func errorsShowCaretsAndTheSessionGoesOn() {
        expectTranscript("""
            djs> let x = 1
            djs> print(y)
            <repl>:1:7: error: undefined name 'y'
                print(y)
                      ^
              note: did you mean 'x'?
            djs> 1 / 0
            <repl>:1:3: error: division by zero
                1 / 0
                  ^
            djs> let = 3
            <repl>:1:5: error: expected a name after 'let', found '='
                let = 3
                    ^
            djs> x
            1
            """)
    }

    @Test func anErrorInsideAnEarlierInputsFunctionShowsThatInput() {
        expectTranscript("""
            djs> fn half(x) <
            ...>   return x / 0
            ...> >
            djs> "padding"
            "padding"
            djs> half(1)
            <repl>:2:12: error: division by zero
                  return x / 0
                           ^
              in half() called at <repl>:1:1
            """)
    }

    @Test func laterInputsMayDeclareANameAgain() {
        expectTranscript("""
            djs> let n = 1
            djs> let n = n + 1
            djs> n
            2
            """)
    }

    @Test func ctrlCWhileTypingDiscardsTheLineAndAnyContinuation() {
        expectTranscript("""
            djs> 1 +^C
            djs> for i in range(2) <
            ...>   print(^C
            djs> 5
            5
            """)
    }

    @Test func ctrlCWhileRunningInterruptsOnlyThatStatement() {
        expectTranscript("""
            djs> let n = 0
            djs> while true < n = n + 1 >
            ^C
            <repl>:1:7: error: interrupted
                while true < n = n + 1 >
                      ^~~~
            djs> sleep(30s)
            ^C
            <repl>:1:1: error: interrupted
                sleep(30s)
                ^~~~~
            djs> "still here"
            "still here"
            """)
    }

    @Test func exitEndsTheSessionWithItsCode() {
        let session = Session("""
            djs> print("bye")
            bye
            djs> exit(3)
            """)
        #expect(session.run() == 3)
        #expect(session.output == session.expected)
    }

    @Test func quitAndBareWordsEndTheSession() {
        for word in [":quit", ":q", "quit", "exit"] {
            let session = Session("djs> \(word)\n")
            #expect(session.run() == 0)
        }
        // Nothing after :quit is read.
        let session = Session("djs> :quit\ndjs> print(1)\n")
        #expect(session.run() == 0)
        #expect(!session.output.contains("\n1\n"))
    }

    @Test func metaCommandsChangeAndReportSettings() {
        expectTranscript("""
            djs> :timing
            timing is off
            djs> :format json
            format is json
            djs> :format
            format is json
            djs> :format xml
            :format takes one of table, wide, json, jsonl, csv, text
            djs> :dry-run on
            dry-run is on
            djs> :dry-run maybe
            :dry-run takes on or off
            djs> :env
            endpoint: none (no Devo connection configured)
            djs> :frobnicate
            unknown command ':frobnicate'; type :help for the list
            """)
    }

    @Test func timingReportsWallTimeAfterEachStatement() {
        let session = Session("djs> :timing on\ndjs> 1 + 1\n")
        _ = session.run()
        #expect(session.output.contains("timing is on\n"))
        #expect(session.output.contains("2\ntime: "))
        #expect(session.output.hasSuffix(" ms\n"))
    }

    @Test func historyListsWholeStatementsWithoutRepeatsOrMetaNoise() {
        expectTranscript("""
            djs> 1
            1
            djs> 1
            1
            djs> for i in range(1) <
            ...> print(i) >
            0
            djs> :history
                1  1
                2  for i in range(1) <
                   print(i) >
                3  :history
            """)
    }

    @Test func helpShowsCommandsKeysAndBuiltins() {
        let session = Session("djs> help\ndjs> :help keys\ndjs> :help len\ndjs> :help nonsense\n")
        _ = session.run()
        #expect(session.output.contains(":load FILE"))
        #expect(session.output.contains("Ctrl-R"))
        #expect(session.output.contains("len("))
        #expect(session.output.contains("no help for 'nonsense'"))
    }

    @Test func loadRunsAFileWhoseNamesStayDefined() throws {
        let file = try DJSProcess.temporaryFile(Data("let loaded = 40\nprint(\"loading\")\nloaded + 1\n".utf8))
        defer { try? FileManager.default.removeItem(at: file) }
        expectTranscript("""
            djs> :load \(file.path)
            loading
            djs> loaded + 2
            42
            djs> :load /no/such/file.djs
            djs: error: cannot open '/no/such/file.djs': no such file
            djs> :load
            :load needs a file name
            """)
    }

    @Test func inputEndingInsideAStatementSaysWhatWasLeftOpen() {
        let session = Session("djs> for i in range(2) <\n...> print(i)\n")
        #expect(session.run() == 0)
        #expect(session.output.contains("<repl>:2:9: error: expected '>' to close the block opened at line 1"))
    }

    private func expectTranscript(_ transcript: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let session = Session(transcript)
        #expect(session.run() == 0, sourceLocation: sourceLocation)
        #expect(session.output == session.expected, sourceLocation: sourceLocation)
    }
}

/// A REPL wired to a `ScriptedReader`, with output and errors merged into one transcript.
final class Session {
    let expected: String
    private let buffer = OutputBuffer()
    private let reader: ScriptedReader
    let repl: REPL

    init(_ transcript: String) {
        expected = transcript.hasSuffix("\n") ? transcript : transcript + "\n"
        let interrupt = InterruptFlag()
        reader = ScriptedReader(transcript: expected, interrupt: interrupt, screen: buffer)
        let interpreter = Interpreter(output: buffer, interrupt: interrupt, allowsRedeclaration: true)
        repl = REPL(reader: reader, interpreter: interpreter, renderer: DiagnosticRenderer(useColor: false),
                    writeError: { [buffer] in buffer.write($0) })
    }

    func run() -> Int32 { repl.run() }
    var output: String { buffer.captured }
}

/// Replays the user's side of a transcript, writing each prompt and typed line to the screen
/// as a terminal would, so the whole session can be compared with the transcript.
final class ScriptedReader: LineReader {
    private enum Step { case type(String), interruptWhileTyping(String), typeThenInterrupt(String), answer(String) }
    private var steps: [Step] = []
    private let interrupt: InterruptFlag
    private let screen: OutputBuffer
    private var history = HistoryList()

    init(transcript: String, interrupt: InterruptFlag, screen: OutputBuffer) {
        self.interrupt = interrupt
        self.screen = screen
        let lines = transcript.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, line) in lines.enumerated() {
            // A confirmation: "stop 3 jobs (…)? [y/N] y".
            if let marker = line.range(of: "? [y/N] ") {
                steps.append(.answer(String(line[marker.upperBound...])))
                continue
            }
            guard let typed = ScriptedReader.typedText(line) else { continue }
            if typed.hasSuffix("^C") {
                steps.append(.interruptWhileTyping(String(typed.dropLast(2))))
            } else if index + 1 < lines.count, lines[index + 1] == "^C" {
                steps.append(.typeThenInterrupt(typed))
            } else {
                steps.append(.type(typed))
            }
        }
    }

    /// The text after a prompt; `djs>` alone is an empty line.
    private static func typedText(_ line: String) -> String? {
        for prompt in [Prompt.primary.text, Prompt.continuation.text] {
            if line.hasPrefix(prompt) { return String(line.dropFirst(prompt.count)) }
            if line == prompt.dropLast() { return "" }
        }
        return nil
    }

    var historyEntries: [String] { history.entries }
    var isTerminal: Bool { false }
    func addHistory(_ entry: String) { _ = history.record(entry) }

    func ask(_ question: String) -> String? {
        guard case .answer(let reply)? = steps.first else { return nil }
        steps.removeFirst()
        screen.write(question + reply + "\n")
        return reply
    }

    func readLine(_ prompt: Prompt) -> LineInput {
        guard !steps.isEmpty else { return .endOfInput }
        let step = steps.removeFirst()
        func show(_ text: String) { screen.write(text.isEmpty ? String(prompt.text.dropLast()) + "\n" : prompt.text + text + "\n") }
        switch step {
        case .type(let text):
            show(text)
            return .line(text)
        case .interruptWhileTyping(let text):
            show(text + "^C")
            interrupt.raise()
            return .interrupted
        case .typeThenInterrupt(let text):
            // The flag goes up before the statement starts; the interpreter stops at its
            // first check, as it would a moment after a real Ctrl-C.
            show(text)
            screen.write("^C\n")
            interrupt.raise()
            return .line(text)
        case .answer(let text):
            // A reply nobody asked for: type it as a statement, which will fail visibly.
            show(text)
            return .line(text)
        }
    }
}
