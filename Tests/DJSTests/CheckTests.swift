import DJS
import Foundation
import Testing

/// `djs check` finds name errors without building the resolved tree a run needs: its
/// diagnostics must be exactly those a run finds before running, for every program.
@Suite struct CheckTests {
    /// What `ProgramAnalysis.analyze` (the path a run takes) reports, and what `diagnostics`
    /// (the path `djs check` takes) reports, for the same text against fresh built-ins.
    private func bothPaths(_ text: String, name: String) -> (run: [Diagnostic], check: [Diagnostic]) {
        LargeStack.run {
            let source = SourceFile(name: name, text: text)
            let run: [Diagnostic]
            switch ProgramAnalysis.analyze(source, globals: Interpreter(output: OutputBuffer()).globals) {
            case .success: run = []
            case .failure(let errors): run = errors.diagnostics
            }
            let check = ProgramAnalysis.diagnostics(source, globals: Interpreter(output: OutputBuffer()).globals)
            return (run, check)
        }
    }

    @Test(arguments: GoldenTests.cases)
    func checkReportsWhatARunReportsBeforeRunning(_ testCase: GoldenCase) throws {
        let text = try String(contentsOf: testCase.url, encoding: .utf8)
        let (run, check) = bothPaths(text, name: testCase.name + ".djs")
        #expect(check == run, "\(testCase.name)")
    }

    @Test func nameErrorsInEveryKindOfExpression() {
        // One undefined name in each place a name can stand, inside a function and a loop,
        // plus shadowing, captures, a comprehension's own variable and a late declaration.
        let text = """
            fn f(a) <
                let s = "${a} ${b1}"
                let l = [a, b2, {k: b3, (b4): 1}]
                let c = g(a, every: b5)[b6].field
                for i in l where i != b7 < if not b8 and (b9 or i) < print(-b10) > >
                let m = [x * b11 for x in l where x > b12]
                let n = fn(y) < return y + a + b13 >
                return later + s + c + m + n
            >
            fn g(x, every) < return x >
            let later = 1
            b14 = 2
            """
        let (run, check) = bothPaths(text, name: "t.djs")
        #expect(run.count == 14)
        #expect(check == run)
    }

    @Test func manyVariablesInOneFunctionResolveLikeFew() {
        // Past 64 visible variables the resolver indexes them by name, and drops the index when
        // blocks close: shadowing, reads after the inner block and captures must not notice.
        var lines = ["fn f() <"]
        for number in 0..<100 { lines.append("    let v\(number) = \(number)") }
        lines += [
            "    if true <",
            "        let v5 = 500",
            "        let v99 = 9900",
            "        let g = fn() < return v5 + v99 + v7 >",
            "        print(v5, v99, g())",
            "    >",
            "    print(v5, v99, v0 + v64 + v65)",
            "    print(v100)",
            ">",
            "f()",
        ]
        let result = GoldenRun.run(lines.joined(separator: "\n") + "\n", name: "many")
        #expect(result.errors.contains("undefined name 'v100'"))
        #expect(result.errors.contains("did you mean 'v10'?"))
        let fixed = lines.filter { $0 != "    print(v100)" }.joined(separator: "\n") + "\n"
        #expect(GoldenRun.run(fixed, name: "many").output == "500 9900 10407\n5 99 129\n")
    }
}
