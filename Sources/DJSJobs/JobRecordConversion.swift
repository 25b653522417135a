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

    /// The job with `extra.redisKeyBase` from its launch reply, when its own read lacks it.
    static func adding(redisKeyBase: String, to record: JobRecord) -> JobRecord {
        var record = record
        guard let index = record.fields.firstIndex(where: { $0.name == "extra" }) else { return record }
        var members: [(String, Value)] = []
        if case .map(let extra) = record.fields[index].value {
            if extra["redisKeyBase"] != nil { return record }
            members = extra.entries.map { ($0.0, $0.1) }
        }
        members.append(("redisKeyBase", .string(redisKeyBase)))
        record.fields[index].value = .map(MapRef(members.sorted { $0.0 < $1.0 }))
        return record
    }

    /// The client's call for one of the language's job actions.
    static func action(_ action: JobAction) -> DevoJobAction {
        switch action {
        case .refresh: .read
        case .stop: .stop
        case .start: .start
        case .remove: .remove
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
        var params: [String: DevoParameterValue] = [:]
        for (name, value) in launch.destinationParameters {
            params[name] = try parameter(value, name: name)
        }
        func time(_ time: QueryLaunch.QueryTime) -> DevoQueryTime {
            switch time {
            case .epochSeconds(let seconds): return .epochSeconds(seconds)
            case .text(let text): return .expression(text)
            }
        }
        return DevoQueryRequest(
            source: launch.queryId.map { .queryId($0) } ?? .query(launch.query), from: time(launch.from),
            to: launch.to.map(time), timeZone: launch.timeZone, limit: launch.limit, offset: launch.offset,
            destination: DevoDestination(type: DevoDestinationType(rawValue: launch.destinationType), params: params),
            ipAsString: launch.ipAsString, comment: launch.comment)
    }

    /// A destination parameter: text, numbers, bools, and lists and maps of them (redis's
    /// `keyFields`).
    private static func parameter(_ value: Value, name: String) throws -> DevoParameterValue {
        switch value {
        case .string(let s): return .string(s)
        case .int(let n): return .int(n)
        case .float(let x): return .double(x)
        case .bool(let b): return .bool(b)
        case .list(let list): return .list(try list.items.map { try parameter($0, name: name) })
        case .map(let map):
            var members: [String: DevoParameterValue] = [:]
            for (key, member) in map.entries { members[key] = try parameter(member, name: name) }
            return .object(members)
        default:
            throw JobServiceError("destination parameter '\(name)' must be text, a number, a bool, or a list or map of them, "
                                  + "got \(value.typeName)")
        }
    }
}
