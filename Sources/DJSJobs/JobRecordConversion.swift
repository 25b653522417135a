import DJS
import DJSClient

/// Converts between the client's typed models and the language's values.
enum JobRecordConversion {
    /// A job as the language sees it: every field of Devo's job object in `JobField` order,
    /// missing ones as null, `lastDatetime` as a time (or null when Devo says 0).
    static func record(_ job: DevoJob) -> JobRecord {
        let fields = JobField.allCases.map { field in (name: field.rawValue, value: value(of: field, in: job)) }
        return JobRecord(id: job.id, status: job.status.apiValue, fields: fields)
    }

    private static func value(of field: JobField, in job: DevoJob) -> Value {
        func text(_ value: String?) -> Value { value.map { .string($0) } ?? .null }
        func number(_ value: Int?) -> Value { value.map { .int($0) } ?? .null }
        switch field {
        case .id: return .string(job.id)
        case .status: return .string(job.status.apiValue)
        case .friendlyName: return text(job.friendlyName)
        case .type: return text(job.type)
        case .query: return text(job.query)
        case .table: return text(job.table)
        case .owner: return text(job.owner)
        case .domain: return text(job.domain)
        case .eventGenerated: return number(job.eventGenerated)
        case .eventsSent: return number(job.eventsSent)
        case .lastDatetime: return job.lastDatetime.map { .time($0) } ?? .null
        case .error: return .list(ListRef(job.error.map { .string($0) }))
        case .extra: return value(.object(job.extra))
        case .cid: return text(job.cid)
        }
    }

    static func value(_ json: JSONValue) -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(n)
        case .double(let x): return .float(x)
        case .string(let s): return .string(s)
        case .array(let items): return .list(ListRef(items.map(value)))
        case .object(let members):
            // JSON objects have no order; sort keys so output is stable.
            return .map(MapRef(members.keys.sorted().map { ($0, value(members[$0]!)) }))
        }
    }

    /// The client's request for a `query(…)` call.
    static func request(_ launch: QueryLaunch) throws -> DevoQueryRequest {
        guard let type = DevoDestinationType(rawValue: launch.destinationType) else {
            throw JobServiceError("unknown destination type '\(launch.destinationType)'; known: "
                                  + DevoDestinationType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var params: [String: DevoParameterValue] = [:]
        for (name, value) in launch.destinationParameters {
            switch value {
            case .string(let s): params[name] = .string(s)
            case .int(let n): params[name] = .int(n)
            case .float(let x): params[name] = .double(x)
            case .bool(let b): params[name] = .bool(b)
            default: throw JobServiceError("destination parameter '\(name)' must be text, a number or a bool, got \(value.typeName)")
            }
        }
        func time(_ time: QueryLaunch.QueryTime) -> DevoQueryTime {
            switch time {
            case .epochSeconds(let seconds): return .epochSeconds(seconds)
            case .text(let text): return .expression(text)
            }
        }
        return DevoQueryRequest(query: launch.query, from: time(launch.from), to: launch.to.map(time),
                                destination: DevoDestination(type: type, params: params))
    }
}
