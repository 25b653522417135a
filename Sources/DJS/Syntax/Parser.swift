/// Recursive-descent parser: tokens to statements.
///
/// Syntax errors are collected rather than thrown one at a time: after an error the parser
/// skips to the end of the statement and goes on, so `djs check` reports them all.
///
/// `<` and `>` are both comparison operators and block delimiters. Which one a token is
/// follows from fixed rules (the language reference states them with the grammar):
///
/// 1. `<=` and `>=` are always comparisons; so are `<` and `>` inside `( )`, `[ ]` and `{ }`.
/// 2. In a header (the condition of `if`/`while`, the iterable and `where` condition of `for`),
///    `>` is a comparison. A `<` right after an operand is a comparison when the operand that
///    follows it is itself followed by `<`, `and`, `or` or `where`, i.e. when the header can
///    still go on to its block; otherwise that `<` opens the block. A `<` followed by the end
///    of the line always opens the block. The rule also applies after a complete comparison:
///    there a `<` it reads as a comparison is a chained comparison, which is an error.
/// 3. Inside a block, `>` is a comparison when the next token can begin an operand, and
///    otherwise closes the block: a block's `>` is never followed by an operand.
/// 4. Everywhere else `<` and `>` are comparisons.
public struct Parser {
    /// Tokens are lexed as the parser asks for them and dropped once it has moved on, so a
    /// large script never has all of its tokens in memory (the whole list was a third of the
    /// memory `djs check` touched on a 10 MB script). The lexer also answers what a token
    /// carries: a string literal's pieces, a name's text.
    private var lexer: Lexer
    /// The tokens lexed and not yet dropped: `window[i]` is token number `windowStart + i`.
    private var window: [Token] = []
    private var windowStart = 0
    /// The number of the token being looked at.
    private var current = 0 {
        didSet { currentToken = tokenAt(current) }
    }
    /// Token number `current`, kept at hand: the parser asks about it several times per token.
    private var currentToken = Token(kind: .endOfFile, location: .unknown)
    private let source: SourceFile
    /// The parser's own errors; the lexer keeps its own, which come first.
    private var diagnostics: [Diagnostic] = []
    private var context = Context()
    private var depth = 0
    /// True while trying a reading of a header `<` ahead of time (rule 2); errors found then
    /// are thrown away.
    private var speculating = false
    /// Parsing the inside of a `${…}`: its end of input is really the closing `}`.
    private var inInterpolation = false
    /// Set by an error that makes the rest of the input meaningless (nesting too deep): the
    /// parser stops at once, so one mistake does not cascade into dozens of reports.
    private var abandoned = false
    /// The last `>` directly inside the current block that rule 3 read as a comparison: if
    /// the block then never closes, that `>` was probably meant to close it.
    private var blockGreaterComparison: SourceLocation?

    /// Deeper nesting than this is refused with an error instead of overflowing the stack.
    public static let maximumNesting = 200
    /// Longest run of operators or postfix steps (`a + b + …`, `x.a.b…`, `f()()…`) in one
    /// expression. A run is parsed in a loop but builds a left-deep tree that the resolver,
    /// the evaluator and the tree's release walk recursively, so its length is a depth too
    /// (a 100,000-term sum overflowed the stack).
    public static let maximumChain = 1_000

    private struct Context {
        /// Parsing the condition or iterable of `if`, `while` or `for`.
        var inHeader = false
        /// Directly inside a block, where `>` may close it.
        var inBlock = false
    }

    private struct Panic: Error {}

    private init(source: SourceFile, range: Range<Int>) {
        self.lexer = Lexer(source: source, range: range)
        self.source = source
        self.currentToken = tokenAt(0)
    }

    /// Parses a whole program.
    public static func parse(_ source: SourceFile) -> (statements: [Stmt], diagnostics: [Diagnostic]) {
        var parser = Parser(source: source, range: 0..<source.bytes.count)
        let statements = parser.parseProgram()
        return (statements, parser.allDiagnostics())
    }

    /// Every error, the lexer's (over the whole input, even where parsing stopped early)
    /// before the parser's, as when the lexer ran to the end before parsing began.
    private mutating func allDiagnostics() -> [Diagnostic] {
        lexer.skipToEnd()
        return lexer.diagnostics + diagnostics
    }

    private mutating func parseProgram() -> [Stmt] {
        var statements: [Stmt] = []
        skipSeparators()
        while !check(.endOfFile) {
            if let statement = statementRecovering() { statements.append(statement) }
            skipSeparators()
        }
        return statements
    }

    // MARK: - Token helpers

    /// The text of a name token, read from the source.
    private func text(of token: Token) -> String { lexer.name(of: token) }

    /// Token number `index`; past the end, the end.
    private mutating func tokenAt(_ index: Int) -> Token {
        let offset = index - windowStart
        if offset < window.count { return window[offset] }
        return lex(upTo: index)
    }

    /// Lexes past token number `index` (or to the end), first dropping the tokens before the
    /// current one unless a reading is being tried ahead of time (rule 2), which comes back
    /// to where it started. Nothing else ever looks back.
    private mutating func lex(upTo index: Int) -> Token {
        if let last = window.last, last.kind == .endOfFile { return last }
        if !speculating, current - windowStart >= 512 {
            window.removeFirst(current - windowStart)
            windowStart = current
        }
        // A few tokens more than asked for, so that this is not called for every token.
        while windowStart + window.count <= index + 32 {
            let next = lexer.next()
            window.append(next)
            if next.kind == .endOfFile { break }
        }
        return window[min(index - windowStart, window.count - 1)]
    }

    private var peek: Token { currentToken }
    private mutating func peek(_ ahead: Int) -> Token { tokenAt(current + ahead) }
    private func check(_ kind: TokenKind) -> Bool { currentToken.kind == kind }

    @discardableResult
    private mutating func advance() -> Token {
        let token = currentToken
        if token.kind != .endOfFile { current += 1 }
        return token
    }

    private mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    /// The message and notes are made only when the token is not there: most of them
    /// interpolate a name, and making them for every statement showed in profiles.
    private mutating func consume(_ kind: TokenKind, _ message: @autoclosure () -> String,
                                  notes: @autoclosure () -> [String] = []) throws -> Token {
        if check(kind) { return advance() }
        throw error(message() + ", found \(describe(peek))", at: peek, notes: notes())
    }

    /// A closing `)`, `]` or `}` for `open`. When it is missing and the parser is already on a
    /// later line, the error points at the opener, on the line to fix: the token found instead
    /// usually starts the next statement, and blaming it would send the reader to the wrong line.
    private mutating func consumeClosing(_ kind: TokenKind, opened open: Token, _ message: @autoclosure () -> String) throws -> Token {
        if check(kind) { return advance() }
        let found = peek
        let opener = open.kind.displayName, closer = kind.displayName
        guard found.location.line > open.location.line else {
            throw error(message() + ", found \(describe(found))", at: found,
                        notes: ["the \(opener) is at column \(open.location.column) of this line"])
        }
        // A lexer error was already reported for an invalid token.
        if !speculating, !abandoned, found.kind != .invalid {
            diagnostics.append(Diagnostic(.syntax, "this \(opener) is never closed: expected \(closer), found \(describe(found)) on a later line",
                                          at: open.location,
                                          isIncompleteInput: found.kind == .endOfFile && !inInterpolation))
        }
        throw Panic()
    }

    private mutating func skipNewlines() {
        while check(.newline) { advance() }
    }

    private mutating func skipSeparators() {
        while check(.newline) || check(.semicolon) { advance() }
    }

    /// Records a diagnostic and returns the error that unwinds to the statement level.
    private mutating func error(_ message: String, at token: Token, notes: [String] = []) -> Panic {
        // A lexer error was already reported for an invalid token.
        if !speculating, !abandoned, token.kind != .invalid {
            diagnostics.append(Diagnostic(.syntax, message, at: token.location, notes: notes,
                                          isIncompleteInput: token.kind == .endOfFile && !inInterpolation))
        }
        return Panic()
    }

    /// Stops parsing: the current token becomes the end of input.
    private mutating func abandonParsing() {
        abandoned = true
        while window.last?.kind != .endOfFile {
            windowStart += window.count
            window.removeAll(keepingCapacity: true)
            window.append(lexer.next())
        }
        windowStart += window.count - 1
        window.removeFirst(window.count - 1)
        current = windowStart
    }

    /// How an error message names a token.
    private func describe(_ token: Token) -> String {
        token.kind == .endOfFile && inInterpolation ? "'}'" : token.kind.displayName
    }

    // MARK: - Statements

    private mutating func statementRecovering() -> Stmt? {
        do {
            let statement = try statement()
            try endOfStatement()
            return statement
        } catch {
            synchronize()
            return nil
        }
    }

    /// After a statement: a newline, `;`, the `>` of the enclosing block, or the end.
    private mutating func endOfStatement() throws {
        switch peek.kind {
        case .newline, .semicolon, .endOfFile: return
        case .greater where context.inBlock: return
        default:
            var notes: [String] = []
            if check(.greater) || check(.less) {
                notes.append("'<' and '>' delimit blocks; a comparison that starts a statement may need parentheses")
            }
            throw error("expected end of statement, found \(describe(peek))", at: peek, notes: notes)
        }
    }

    /// Skips to the next statement boundary, so the next error reported is a real one.
    private mutating func synchronize() {
        while !check(.endOfFile) {
            if check(.newline) || check(.semicolon) { return }
            if check(.greater), context.inBlock { return }
            advance()
        }
    }

    private mutating func statement() throws -> Stmt {
        switch peek.kind {
        case .kwLet: return try letStatement()
        case .kwFn where peek(1).kind == .identifier: return try functionStatement()
        case .kwIf: return try ifStatement()
        case .kwWhile: return try whileStatement()
        case .kwFor: return try forStatement()
        case .kwTry: return try tryStatement()
        case .kwBreak: return .break(advance().location)
        case .kwContinue: return .continue(advance().location)
        case .kwReturn:
            let keyword = advance()
            let kind = peek.kind
            if kind == .newline || kind == .semicolon || kind == .endOfFile || (kind == .greater && context.inBlock) {
                return .return(nil, keyword.location)
            }
            return .return(try expression(), keyword.location)
        case .kwElse:
            throw error("'else' without an 'if'", at: peek)
        case .kwCatch:
            throw error("'catch' without a 'try'", at: peek)
        default:
            let target = try expression()
            guard check(.assign) else { return .expression(target) }
            let equals = advance()
            switch target {
            case .name, .member, .index: break
            default: throw error("cannot assign to this expression", at: equals,
                                 notes: ["only a variable, 'x.field' or 'x[index]' can be assigned; use '==' to compare"])
            }
            skipNewlines()
            return .assign(target: target, value: try expression(), equals.location)
        }
    }

    private mutating func letStatement() throws -> Stmt {
        advance()
        let name = try consume(.identifier, "expected a name after 'let'")
        let variable = Variable(name: text(of: name), location: name.location)
        _ = try consume(.assign, "expected '=' after 'let \(variable.name)'")
        skipNewlines()
        return .let(variable, try expression())
    }

    private mutating func functionStatement() throws -> Stmt {
        let keyword = advance()
        let name = advance()
        let declaration = try functionRest(name: text(of: name), location: keyword.location.extended(to: name.location))
        return .function(Variable(name: text(of: name), location: name.location), declaration)
    }

    /// `(a, b) < body >` after `fn` or `fn name`.
    private mutating func functionRest(name: String, location: SourceLocation) throws -> FunctionDecl {
        let open = try consume(.leftParen, "expected '(' to start the parameter list")
        var parameters: [(name: String, location: SourceLocation)] = []
        while !check(.rightParen) {
            let parameter = try consume(.identifier, "expected a parameter name")
            let parameterName = text(of: parameter)
            if parameters.contains(where: { $0.name == parameterName }) {
                _ = error("duplicate parameter '\(parameterName)'", at: parameter)
            }
            parameters.append((parameterName, parameter.location))
            if !match(.comma) { break }
        }
        _ = try consumeClosing(.rightParen, opened: open, "expected ')' after the parameters")
        let body = try block(after: "the function's parameters")
        return FunctionDecl(name: name, parameters: parameters, body: body, location: location)
    }

    private mutating func ifStatement() throws -> Stmt {
        advance()
        var branches: [(condition: Expr, body: [Stmt])] = []
        var otherwise: [Stmt]?
        let condition = try header()
        branches.append((condition, try block(after: "the 'if' condition")))
        while continues(with: .kwElse) {
            advance()
            if match(.kwIf) {
                let condition = try header()
                branches.append((condition, try block(after: "the 'else if' condition")))
            } else {
                otherwise = try block(after: "'else'")
                break
            }
        }
        return .if(branches: branches, otherwise: otherwise)
    }

    /// Whether the statement goes on with `keyword` (`else`, `catch`), possibly on the next line.
    private mutating func continues(with keyword: TokenKind) -> Bool {
        var ahead = 0
        while peek(ahead).kind == .newline { ahead += 1 }
        guard peek(ahead).kind == keyword else { return false }
        current += ahead
        return true
    }

    private mutating func whileStatement() throws -> Stmt {
        advance()
        let condition = try header()
        return .while(condition: condition, body: try block(after: "the 'while' condition"))
    }

    private mutating func forStatement() throws -> Stmt {
        advance()
        let name = try consume(.identifier, "expected a loop variable after 'for'")
        let variable = Variable(name: text(of: name), location: name.location)
        _ = try consume(.kwIn, "expected 'in' after 'for \(variable.name)'")
        let iterable = try header()
        var condition: Expr?
        if match(.kwWhere) { condition = try header() }
        let body = try block(after: condition == nil ? "the 'for' header" : "the 'where' condition")
        return .for(variable: variable, iterable: iterable,
                    condition: condition, body: body)
    }

    private mutating func tryStatement() throws -> Stmt {
        advance()
        let body = try block(after: "'try'")
        guard continues(with: .kwCatch) else {
            throw error("expected 'catch' after the 'try' block, found \(describe(peek))", at: peek)
        }
        advance()
        let name = try consume(.identifier, "expected a name for the error after 'catch'",
                               notes: ["write: try < … > catch e < print(e.message) >"])
        let errorVariable = Variable(name: text(of: name), location: name.location)
        let handler = try block(after: "'catch \(errorVariable.name)'")
        return .try(body: body, errorVariable: errorVariable, handler: handler)
    }

    /// A condition or iterable: an expression in which `<` may open the block (rule 2).
    private mutating func header() throws -> Expr {
        let saved = context
        context = Context(inHeader: true, inBlock: false)
        defer { context = saved }
        return try expression()
    }

    /// `< statements >`. Blocks may span lines, and the `<` may stand on the line after the
    /// header (no statement can begin with `<`, so this is unambiguous).
    private mutating func block(after what: @autoclosure () -> String) throws -> [Stmt] {
        if check(.newline), peek(1).kind == .less { advance() }
        guard check(.less) else {
            var notes = ["blocks are written between '<' and '>', as in: if ok < print(\"yes\") >"]
            if check(.assign) { notes.insert("use '==' to compare", at: 0) }
            throw error("expected '<' to open a block after \(what()), found \(describe(peek))", at: peek, notes: notes)
        }
        let open = advance()
        try enterNesting(at: open)
        defer { depth -= 1 }
        let saved = context, savedGreater = blockGreaterComparison
        context = Context(inHeader: false, inBlock: true)
        blockGreaterComparison = nil
        defer { context = saved; blockGreaterComparison = savedGreater }

        var statements: [Stmt] = []
        skipSeparators()
        while !check(.greater) {
            if check(.endOfFile) {
                var notes: [String] = []
                if let greater = blockGreaterComparison {
                    notes.append("the '>' at line \(greater.line), column \(greater.column) is a comparison because a value follows it; "
                                 + "if it should close the block, put ';' or a line break after it")
                }
                throw error("expected '>' to close the block opened at line \(open.location.line)", at: peek, notes: notes)
            }
            if let statement = statementRecovering() { statements.append(statement) }
            skipSeparators()
        }
        advance()
        return statements
    }

    /// Counts one more link of an operator or postfix run; see `maximumChain`.
    private mutating func extendChain(_ links: inout Int, at token: Token) throws {
        links += 1
        if links > Parser.maximumChain {
            let panic = error("this expression has more than \(Parser.maximumChain) operators or steps in a row",
                              at: token, notes: ["split it with intermediate variables"])
            if !speculating { abandonParsing() }
            throw panic
        }
    }

    private mutating func enterNesting(at token: Token) throws {
        depth += 1
        if depth > Parser.maximumNesting {
            let panic = error("nesting is too deep (more than \(Parser.maximumNesting) levels)", at: token)
            if !speculating { abandonParsing() }
            throw panic
        }
    }

    // MARK: - Expressions

    private mutating func expression() throws -> Expr {
        try enterNesting(at: peek)
        defer { depth -= 1 }
        return try or()
    }

    private mutating func or() throws -> Expr {
        var left = try and()
        var links = 0
        while check(.kwOr) {
            let op = advance()
            try extendChain(&links, at: op)
            skipNewlines()
            left = .or(left, try and(), op.location)
        }
        return left
    }

    private mutating func and() throws -> Expr {
        var left = try not()
        var links = 0
        while check(.kwAnd) {
            let op = advance()
            try extendChain(&links, at: op)
            skipNewlines()
            left = .and(left, try not(), op.location)
        }
        return left
    }

    private mutating func not() throws -> Expr {
        if check(.kwNot) {
            let op = advance()
            try enterNesting(at: op)
            defer { depth -= 1 }
            return .unary(.not, try not(), op.location)
        }
        return try comparison()
    }

    /// The comparison operator at the current token, if it is one here (rules 1-4).
    private mutating func comparisonOperator() throws -> BinaryOperator? {
        switch peek.kind {
        case .equalEqual: return .equal
        case .bangEqual: return .notEqual
        case .lessEqual: return .lessEqual
        case .greaterEqual: return .greaterEqual
        case .kwIn: return .in
        case .kwNot where peek(1).kind == .kwIn: return .in
        case .less:
            if context.inHeader { return try headerLessIsComparison() ? .less : nil }
            return .less
        case .greater:
            if context.inBlock {
                guard canBeginOperand(peek(1).kind) else { return nil }
                if !speculating { blockGreaterComparison = peek.location }
                return .greater
            }
            return .greater
        default: return nil
        }
    }

    private mutating func comparison() throws -> Expr {
        let left = try additive()
        guard let op = try comparisonOperator() else { return left }
        let negated = check(.kwNot)
        if negated { advance() }
        let opToken = advance()
        skipNewlines()
        let right = try additive()
        var result = Expr.binary(op, left, right, opToken.location)
        if negated { result = .unary(.not, result, opToken.location) }
        // The same rules decide whether a following `<` or `>` is a comparison (then it is a
        // chain, which is refused) or a block delimiter (then the comparison is complete).
        if try comparisonOperator() != nil {
            var notes = ["combine them with 'and', as in: a < b and b < c"]
            if context.inHeader, check(.less) {
                notes.append("if this '<' opens the block, start the block's first statement on a new line")
            }
            let panic = error("comparisons cannot be chained", at: peek, notes: notes)
            // Step over the rest of the chain, so recovery does not mistake its `>` for a
            // block's end and report a second, confusing error.
            advance()
            _ = try? additive()
            throw panic
        }
        return result
    }

    /// Rule 2: a `<` in a header is a comparison when reading it so leaves the header able
    /// to go on (the next operand is followed by `<`, `and`, `or` or `where`).
    private mutating func headerLessIsComparison() throws -> Bool {
        guard canBeginOperand(peek(1).kind) else { return false }
        let savedPosition = current, savedSpeculating = speculating, savedContext = context
        speculating = true
        defer { current = savedPosition; speculating = savedSpeculating; context = savedContext }
        advance()
        guard (try? additive()) != nil else { return false }
        let kind = peek.kind
        return kind == .less || kind == .kwAnd || kind == .kwOr || kind == .kwWhere
    }

    private func canBeginOperand(_ kind: TokenKind) -> Bool {
        switch kind {
        case .identifier, .integer, .float, .duration, .string, .kwTrue, .kwFalse, .kwNull, .kwNot, .kwFn,
             .leftParen, .leftBracket, .leftBrace, .minus:
            return true
        default:
            return false
        }
    }

    private mutating func additive() throws -> Expr {
        var left = try multiplicative()
        var links = 0
        while check(.plus) || check(.minus) {
            let op = advance()
            try extendChain(&links, at: op)
            skipNewlines()
            left = .binary(op.kind == .plus ? .add : .subtract, left, try multiplicative(), op.location)
        }
        return left
    }

    private mutating func multiplicative() throws -> Expr {
        var left = try unary()
        var links = 0
        while check(.star) || check(.slash) || check(.percent) {
            let op = advance()
            try extendChain(&links, at: op)
            skipNewlines()
            let kind: BinaryOperator = op.kind == .star ? .multiply : (op.kind == .slash ? .divide : .remainder)
            left = .binary(kind, left, try unary(), op.location)
        }
        return left
    }

    private mutating func unary() throws -> Expr {
        if check(.minus) {
            let op = advance()
            try enterNesting(at: op)
            defer { depth -= 1 }
            let operand = try unary()
            // Fold negative literals so that `-9223372036854775808`-style bounds and `-5m` read naturally.
            if case .literal(let value, let location) = operand {
                switch value {
                case .int(let n): return .literal(.int(-n), op.location.extended(to: location))
                case .float(let x): return .literal(.float(-x), op.location.extended(to: location))
                case .duration(let d): return .literal(.duration(-d), op.location.extended(to: location))
                default: break
                }
            }
            return .unary(.negate, operand, op.location)
        }
        return try postfix()
    }

    private mutating func postfix() throws -> Expr {
        var expr = try primary()
        var links = 0
        while true {
            let kind = peek.kind
            guard kind == .leftParen || kind == .dot || kind == .leftBracket else { return expr }
            try extendChain(&links, at: peek)
            switch peek.kind {
            case .leftParen:
                expr = try call(expr)
            case .dot:
                advance()
                let name = try consume(.identifier, "expected a field name after '.'")
                expr = .member(expr, text(of: name), name.location)
            case .leftBracket:
                let open = advance()
                let index = try nested { try $0.expression() }
                _ = try consumeClosing(.rightBracket, opened: open, "expected ']' after the index")
                expr = .index(expr, index, open.location)
            default:
                return expr
            }
        }
    }

    /// Parses inside `( )`, `[ ]` or `{ }`, where `<` and `>` are always comparisons (rule 1).
    private mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        let saved = context
        context = Context()
        defer { context = saved }
        return try body(&self)
    }

    private mutating func call(_ callee: Expr) throws -> Expr {
        let open = advance()
        var arguments: [Argument] = []
        try nested { parser in
            while !parser.check(.rightParen) {
                let start = parser.peek
                if start.kind == .identifier, parser.peek(1).kind == .colon {
                    parser.advance(); parser.advance()
                    arguments.append(Argument(label: parser.text(of: start), value: try parser.expression(), location: start.location))
                } else {
                    if arguments.contains(where: { $0.label != nil }) {
                        throw parser.error("positional argument after a named one", at: start)
                    }
                    arguments.append(Argument(label: nil, value: try parser.expression(), location: start.location))
                }
                if !parser.match(.comma) { break }
            }
            _ = try parser.consumeClosing(.rightParen, opened: open, "expected ')' after the arguments")
        }
        // Errors and call traces point at the function's name when it has one: `len(5)`
        // underlines `len`, not the parenthesis.
        let location: SourceLocation
        switch callee {
        case .name(_, let nameLocation), .member(_, _, let nameLocation): location = nameLocation
        default: location = open.location
        }
        return .call(callee, arguments, location)
    }

    private mutating func primary() throws -> Expr {
        let token = peek
        switch token.kind {
        case .integer:
            advance()
            return .literal(.int(token.payload), token.location)
        case .float:
            advance()
            return .literal(.float(Double(bitPattern: UInt64(bitPattern: Int64(token.payload)))), token.location)
        case .duration:
            advance()
            return .literal(.duration(token.payload), token.location)
        case .string:
            advance()
            if token.payload == Token.plainString {
                return .literal(.string(lexer.plainText(of: token)), token.location)
            }
            return try stringLiteral(lexer.pieces(of: token), at: token.location)
        case .kwTrue: advance(); return .literal(.bool(true), token.location)
        case .kwFalse: advance(); return .literal(.bool(false), token.location)
        case .kwNull: advance(); return .literal(.null, token.location)
        case .identifier: advance(); return .name(text(of: token), token.location)
        case .kwFn:
            advance()
            return .function(try functionRest(name: "fn", location: token.location))
        case .leftParen:
            advance()
            let inner = try nested { try $0.expression() }
            _ = try consumeClosing(.rightParen, opened: token, "expected ')'")
            return inner
        case .leftBracket:
            return try listOrComprehension()
        case .leftBrace:
            return try mapLiteral()
        case .assign:
            throw error("expected an expression, found '='", at: token, notes: ["use '==' to compare"])
        default:
            break
        }
        throw error("expected an expression, found \(describe(token))", at: token)
    }

    private mutating func stringLiteral(_ pieces: [StringPiece], at location: SourceLocation) throws -> Expr {
        var parts: [InterpolationPart] = []
        for piece in pieces {
            switch piece {
            case .text(let text):
                parts.append(.text(text))
            case .interpolation(let start, let end):
                var inner = Parser(source: source, range: start..<end)
                inner.depth = depth
                inner.inInterpolation = true
                let expr: Expr
                do {
                    inner.skipNewlines()
                    expr = try inner.expression()
                    inner.skipNewlines()
                    if !inner.check(.endOfFile) {
                        throw inner.error("expected '}' to end the interpolation, found \(inner.describe(inner.peek))",
                                          at: inner.peek)
                    }
                } catch {
                    if !speculating { diagnostics += inner.allDiagnostics() }
                    if inner.abandoned, !speculating { abandonParsing() }
                    throw Panic()
                }
                if !speculating { diagnostics += inner.allDiagnostics() }
                parts.append(.expression(expr))
            }
        }
        if parts.isEmpty { return .literal(.string(""), location) }
        if parts.count == 1, case .text(let text) = parts[0] { return .literal(.string(text), location) }
        return .interpolated(parts, location)
    }

    private mutating func listOrComprehension() throws -> Expr {
        let open = advance()
        return try nested { parser in
            if parser.check(.kwFor) { return try parser.comprehension(element: nil, open: open) }
            var elements: [Expr] = []
            while !parser.check(.rightBracket) {
                let element = try parser.expression()
                if elements.isEmpty, parser.check(.kwFor) { return try parser.comprehension(element: element, open: open) }
                elements.append(element)
                if !parser.match(.comma) { break }
            }
            _ = try parser.consumeClosing(.rightBracket, opened: open, "expected ']' to close the list")
            return .list(elements, open.location)
        }
    }

    /// `[for x in xs where cond]` or `[expr for x in xs where cond]`, after any element.
    private mutating func comprehension(element: Expr?, open: Token) throws -> Expr {
        advance()
        let name = try consume(.identifier, "expected a variable after 'for'")
        let variable = Variable(name: text(of: name), location: name.location)
        _ = try consume(.kwIn, "expected 'in' after 'for \(variable.name)'")
        let iterable = try expression()
        var condition: Expr?
        if match(.kwWhere) { condition = try expression() }
        if element == nil, condition == nil {
            _ = error("a '[for …]' filter needs a 'where' condition", at: peek,
                      notes: ["write [for j in jobs() where j.status == \"RUNNING\"], or [f(x) for x in xs] to map"])
        }
        _ = try consumeClosing(.rightBracket, opened: open, "expected ']' to close the list")
        return .comprehension(Comprehension(element: element, variable: variable,
                                            iterable: iterable, condition: condition, location: open.location))
    }

    private mutating func mapLiteral() throws -> Expr {
        let open = advance()
        return try nested { parser in
            var entries: [(key: Expr, value: Expr)] = []
            while !parser.check(.rightBrace) {
                let key: Expr
                if parser.check(.identifier), parser.peek(1).kind == .colon {
                    // `{id: 1}` is `{"id": 1}`; write `{(id): 1}` to use a variable's value.
                    let name = parser.advance()
                    key = .literal(.string(parser.text(of: name)), name.location)
                } else {
                    key = try parser.expression()
                }
                _ = try parser.consume(.colon, "expected ':' after the map key")
                entries.append((key, try parser.expression()))
                if !parser.match(.comma) { break }
            }
            _ = try parser.consumeClosing(.rightBrace, opened: open, "expected '}' to close the map")
            return .map(entries, open.location)
        }
    }
}
