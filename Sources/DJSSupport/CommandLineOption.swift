/// One option of a command's table: its spellings, the value it takes (none for a switch),
/// what a shell may offer after it, and what it does (`Effect`, the command's own type).
/// A command's table is the single list its parser, its did-you-mean and its completion
/// read, so adding an option is adding a row.
public struct CommandLineOption<Effect> {
    /// What a shell offers after the option.
    public enum Completion: Sendable, Equatable {
        case none
        case choices([String])
        case file
        /// Free text: nothing to offer.
        case text
    }

    public var names: [String]
    /// Nil for a switch; the placeholder shown in help for an option that takes a value.
    public var valueName: String?
    public var completion: Completion
    public var effect: Effect

    /// An option that takes a value (completed from `completion`; free text by default).
    public init(_ names: [String], _ valueName: String, completion: Completion = .text, _ effect: Effect) {
        self.names = names
        self.valueName = valueName
        self.completion = completion
        self.effect = effect
    }

    /// A switch.
    public init(_ names: [String], _ effect: Effect) {
        self.names = names
        self.valueName = nil
        self.completion = .none
        self.effect = effect
    }
}

extension CommandLineOption: Sendable where Effect: Sendable {}

/// A command line that cannot be followed, in words for the user (exit code 64).
public struct CommandLineUsageError: Error, Equatable {
    public var message: String
    public init(message: String) { self.message = message }
}

/// Reads a command line one argument at a time against option tables: `--name value`,
/// `--name=value`, and switches, which take no value.
public struct ArgumentScanner {
    public let arguments: [String]
    /// The position of the next argument to read.
    public private(set) var index = 0

    public init(_ arguments: [String]) { self.arguments = arguments }

    /// The next argument, taken; nil at the end.
    public mutating func next() -> String? {
        guard index < arguments.count else { return nil }
        index += 1
        return arguments[index - 1]
    }

    /// The arguments not read yet.
    public var rest: [String] { Array(arguments[index...]) }

    /// `argument` (just taken, and starting with "-") as an option of `table`: the option, the
    /// name it was given by, and its value ("" for a switch), the next argument being taken
    /// when the value is not written `--name=value`. Nil when no row of the table has the
    /// name: each command words that error itself.
    public mutating func option<Effect>(_ argument: String, in table: [CommandLineOption<Effect>])
        throws(CommandLineUsageError) -> (option: CommandLineOption<Effect>, name: String, value: String)? {
        let (name, inlineValue) = Self.split(argument)
        guard let option = table.first(where: { $0.names.contains(name) }) else { return nil }
        guard option.valueName != nil else {
            guard inlineValue == nil else { throw CommandLineUsageError(message: "\(name) takes no value") }
            return (option, name, "")
        }
        if let inlineValue { return (option, name, inlineValue) }
        guard let value = next() else { throw CommandLineUsageError(message: "\(name) needs a value") }
        return (option, name, value)
    }

    /// `--name=value` → ("--name", "value"); anything else → (argument, nil).
    public static func split(_ argument: String) -> (name: String, inlineValue: String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}
