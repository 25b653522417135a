import DJS

/// What Tab offers, decided from the text before the word being completed.
///
/// Pure and independent of libedit, so the rules are tested directly:
/// - `:he` → meta-commands; after `:help `, `:format `, … → that command's arguments;
/// - inside a string → job status values (`"RUN` → `RUNNING`);
/// - after `.` → job fields (`j.sta` → `status`);
/// - anywhere else → keywords, built-ins (with their `(`) and names the session declared.
struct Completer {
    /// Names currently in scope, asked afresh on every Tab.
    var namesInScope: () -> [String]

    /// libedit splits words at these; a word is then a name, a number or a meta-command part.
    static let wordBreaks = " \t\n\"\\'`@$><=;|&{}()[].,:+-*/%!#"

    /// The language's keywords (the lexer keeps its table private).
    static let keywords = ["let", "fn", "return", "if", "else", "while", "for", "in", "where", "break",
                           "continue", "try", "catch", "and", "or", "not", "true", "false", "null"]
    static let statusValues = JobFields.statuses

    func candidates(before: String, word: String) -> [String] {
        let trimmed = before.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix(":") {
            return metaCandidates(String(trimmed.dropFirst()), word: word)
        }
        if isInsideString(before) {
            let prefix = word.uppercased()
            return Completer.statusValues.filter { $0.hasPrefix(prefix) }
        }
        if before.hasSuffix(".") {
            return JobFields.known.filter { $0.hasPrefix(word) }
        }
        let builtins = Set(Builtins.catalog.map(\.name))
        let declared = namesInScope().filter { !builtins.contains($0) }
        var words = Set(Completer.keywords + declared).filter { $0.hasPrefix(word) }.map { $0 }
        // Built-ins come with their "(" so that `jo<Tab>` gives `jobs(`.
        words += builtins.filter { $0.hasPrefix(word) }.map { $0 + "(" }
        return words.sorted()
    }

    /// `typed` is what follows the `:` before the word, e.g. "dry-" for `:dry-r<Tab>`.
    private func metaCandidates(_ typed: String, word: String) -> [String] {
        guard let space = typed.firstIndex(of: " ") else {
            // Still in the command name, which may contain '-' (a word break): complete the
            // whole name and hand libedit only the part after what it considers the word start.
            return MetaCommand.names.filter { $0.hasPrefix(typed + word) }.map { String($0.dropFirst(typed.count)) }
        }
        let arguments: [String]
        switch typed[..<space] {
        case "help": arguments = MetaCommand.helpTopics + Builtins.catalog.map(\.name)
        case "format": arguments = MetaCommand.formats
        case "timing", "dry-run": arguments = ["on", "off"]
        default: arguments = []
        }
        return Set(arguments.filter { $0.hasPrefix(word) }).sorted()
    }

    /// True when an odd number of unescaped double quotes precede the cursor.
    private func isInsideString(_ text: String) -> Bool {
        var inside = false, escaped = false
        for character in text {
            if escaped { escaped = false; continue }
            if character == "\\" && inside { escaped = true } else if character == "\"" { inside.toggle() }
        }
        return inside
    }
}
