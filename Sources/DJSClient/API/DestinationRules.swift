import Foundation

/// A destination Devo would refuse, found before sending: Devo's error code (when its
/// documents give one) and what is wrong, in the parameters' Devo names.
public struct DestinationProblem: Sendable, Equatable, CustomStringConvertible {
    public var code: Int?
    public var message: String

    public var description: String {
        code.map { "\(message) (Devo code \($0))" } ?? message
    }
}

/// Devo's documented rules for each destination's parameters. Unknown types pass unchecked:
/// they are for destinations Devo adds later.
///
/// - s3: `aws.bucket`, `aws.region`, `aws.accesskey` and `aws.secretkey` are all given or
///   none (none sends to Devo's own temporary account; some but not all is code 205); each
///   given one is non-empty text (206 bucket, 207 access key, 208 secret key, 209 region);
///   `format` is `zip` (the default) or `gzip` (210); `file.password` only with zip (211)
///   and non-empty text (212).
/// - email: `email.to` is required (216) and an address (217); `email.subject` is text (213);
///   `format` zip or gzip (215); no `file.password` with gzip (214), and it is non-empty text
///   (221); `retention.size` (KB) and `retention.time` (seconds) are positive whole numbers
///   (219, 220). Devo states bounds for both (1 MB to 1 GB, 5 minutes to 24 hours) that the
///   user "cannot override" without saying whether a value outside them is refused or
///   clamped, so only the type is checked.
/// - redis (no codes documented): `friendlyName` required; `expireIn` required, whole
///   seconds > 0; `keyFields` required, a non-empty list of `{"name": text, "type": text}`;
///   `valueFields` the same shape when given; `description` text of at most 240 characters.
/// - kafka: `topic` and `bootstrap.servers` are required.
/// - hdfs: `fs.defaultFS` and `file` are required (the file name the data files are named after).
/// - donothing: anything (its `friendlyName` names the job).
public enum DestinationRules {
    public static func problems(_ destination: DevoDestination) -> [DestinationProblem] {
        var found: [DestinationProblem] = []
        let params = destination.params
        func problem(_ code: Int?, _ message: String) {
            found.append(DestinationProblem(code: code, message: "\(destination.type) destination: \(message)"))
        }
        func nonEmptyText(_ name: String, code: Int?) {
            guard let value = params[name] else { return }
            guard let text = value.stringValue, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                problem(code, "\(name) must be non-empty text, got \(value.typeName)"); return
            }
        }
        func required(_ names: [String], code: Int?) {
            for name in names where params[name] == nil { problem(code, "\(name) is required") }
        }
        func compression(formatCode: Int, passwordWithGzipCode: Int, passwordCode: Int) {
            if let format = params["format"], !["zip", "gzip"].contains(format.stringValue ?? "") {
                problem(formatCode, "format must be \"zip\" or \"gzip\", got \(format.stringValue.map { "\"\($0)\"" } ?? format.typeName)")
            }
            if params["file.password"] != nil {
                if params["format"]?.stringValue == "gzip" {
                    problem(passwordWithGzipCode, "file.password is only allowed with format \"zip\", not \"gzip\"")
                }
                nonEmptyText("file.password", code: passwordCode)
            }
        }
        func positiveWhole(_ name: String, code: Int?) {
            guard let value = params[name] else { return }
            guard let number = value.wholeNumber, number > 0 else {
                problem(code, "\(name) must be a whole number greater than 0, got \(value.typeName)"); return
            }
        }
        func fieldList(_ name: String) {
            guard let value = params[name] else { return }
            guard case .list(let items) = value, !items.isEmpty else {
                problem(nil, "\(name) must be a non-empty list of {\"name\": column, \"type\": type} objects, got \(value.typeName)")
                return
            }
            for (index, item) in items.enumerated() {
                guard case .object(let members) = item, let column = members["name"]?.stringValue, !column.isEmpty,
                      members["type"]?.stringValue != nil else {
                    problem(nil, "\(name)[\(index)] must be {\"name\": column, \"type\": type}, got \(item.typeName)")
                    continue
                }
            }
        }

        switch destination.type {
        case .s3:
            let credentials = ["aws.bucket", "aws.region", "aws.accesskey", "aws.secretkey"]
            for (name, code) in zip(credentials, [206, 209, 207, 208]) { nonEmptyText(name, code: code) }
            let given = credentials.filter { params[$0] != nil }
            if !given.isEmpty && given.count < credentials.count {
                let missing = credentials.filter { params[$0] == nil }
                problem(205, "\(given.joined(separator: ", ")) given without \(missing.joined(separator: ", ")); "
                    + "Devo needs all four aws.* parameters, or none for its temporary account")
            }
            compression(formatCode: 210, passwordWithGzipCode: 211, passwordCode: 212)
        case .email:
            if params["email.to"] == nil {
                problem(216, "email.to is required")
            } else if let to = params["email.to"]?.stringValue, to.contains("@"), !to.hasPrefix("@"), !to.hasSuffix("@") {
                // An address.
            } else {
                problem(217, "email.to must be an email address")
            }
            if let subject = params["email.subject"], subject.stringValue == nil {
                problem(213, "email.subject must be text, got \(subject.typeName)")
            }
            compression(formatCode: 215, passwordWithGzipCode: 214, passwordCode: 221)
            positiveWhole("retention.size", code: 219)
            positiveWhole("retention.time", code: 220)
        case .redis:
            required(["friendlyName", "expireIn", "keyFields"], code: nil)
            nonEmptyText("friendlyName", code: nil)
            positiveWhole("expireIn", code: nil)
            fieldList("keyFields")
            fieldList("valueFields")
            if let description = params["description"] {
                if let text = description.stringValue {
                    if text.count > 240 { problem(nil, "description is \(text.count) characters; at most 240") }
                } else {
                    problem(nil, "description must be text, got \(description.typeName)")
                }
            }
        case .kafka:
            required(["topic", "bootstrap.servers"], code: nil)
            nonEmptyText("topic", code: nil)
            nonEmptyText("bootstrap.servers", code: nil)
        case .hdfs:
            required(["fs.defaultFS", "file"], code: nil)
            nonEmptyText("fs.defaultFS", code: nil)
            nonEmptyText("file", code: nil)
        default:
            break
        }
        return found
    }
}
