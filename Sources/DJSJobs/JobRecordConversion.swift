import DJS
import DJSClient

/// Converts between the client's typed models and the language's values.
enum JobRecordConversion {
    /// A job as the language sees it: every field of devo-api.md §5 in `JobFields.known`
    /// order, missing ones as null, `lastDatetime` as a time (or null when Devo says 0).
    static func record(_ job: DevoJob) -> JobRecord {
        func text(_ value: String?) -> Value { value.map { .string($0) } ?? .null }
        func number(_ value: Int?) -> Value { value.map { .int($0) } ?? .null }
        let fields: [(name: String, value: Value)] = [
            ("id", .string(job.id)),
            ("status", .string(job.status.apiValue)),
            ("friendlyName", text(job.friendlyName)),
            ("type", text(job.type)),
            ("query", text(job.query)),
            ("table", text(job.table)),
            ("owner", text(job.owner)),
            ("domain", text(job.domain)),
            ("eventGenerated", number(job.eventGenerated)),
            ("eventsSent", number(job.eventsSent)),
            ("lastDatetime", job.lastDatetime.map { .time($0) } ?? .null),
            ("error", .list(ListRef(job.error.map { .string($0) }))),
            ("extra", value(.object(job.extra))),
            ("cid", text(job.cid)),
        ]
        return JobRecord(id: job.id, status: job.status.apiValue, fields: fields)
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
