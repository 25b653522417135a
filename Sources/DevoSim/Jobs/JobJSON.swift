import DevoAuth

/// The job status object of devo-api.md §5, in the field order of Devo's own example
/// (`s3.md`), with `extra` filled in per destination type.
enum JobJSON {
    // Keys written for every job of a listing, encoded once.
    private static let statusKey = Array(#""status":"#.utf8)
    private static let idKey = Array(#""id":"#.utf8)
    private static let eventGeneratedKey = Array(#""eventGenerated":"#.utf8)
    private static let eventsSentKey = Array(#""eventsSent":"#.utf8)
    private static let lastDatetimeKey = Array(#""lastDatetime":"#.utf8)
    private static let extraKey = Array(#""extra":"#.utf8)
    private static let errorKey = Array(#""error":"#.utf8)

    /// The whole job; `short`: the object Devo answers stop, start and remove with (its task
    /// document's examples), `status`, `id`, `lastDatetime` and `error` only.
    static func write(_ job: Job, into writer: inout JSONWriter, short: Bool = false) {
        writer.beginObject()
        writer.rawKey(statusKey)
        writer.plainString(job.status.rawValue)
        writer.rawKey(idKey)
        writer.string(job.id)
        if !short {
            writer.rawKey(eventGeneratedKey)
            writer.int(job.eventGenerated)
            writer.rawKey(eventsSentKey)
            writer.int(job.eventsSent)
        }
        writer.rawKey(lastDatetimeKey)
        writer.int(job.lastDatetime)
        if !short {
            writer.rawKey(extraKey)
            writeExtra(of: job, into: &writer)
            writer.rawMembers(job.encodedIdentity.isEmpty ? identityMembers(of: job) : job.encodedIdentity)
        }
        writer.rawKey(errorKey)
        writer.stringArray(job.errors)
        writer.endObject()
    }

    /// `"type":…,"friendlyName":…,"query":…,"cid":…,"owner":…,"table":…,"domain":…` — the
    /// members fixed at creation (see `Job.encodedIdentity`).
    static func identityMembers(of job: Job) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("type", job.destination.type)
        writer.field("friendlyName", job.friendlyName)
        writer.field("query", job.query)
        writer.field("cid", job.cid)
        writer.field("owner", job.owner)
        writer.field("table", job.table)
        writer.field("domain", job.domain)
        writer.endObject()
        // Without the braces: members to splice into the full object.
        return Array(writer.bytes.dropFirst().dropLast())
    }

    /// Destination-specific details: uploaded file URLs for s3, a mail count for email, the
    /// key layout for redis; `{}` for the others.
    private static func writeExtra(of job: Job, into writer: inout JSONWriter) {
        let params = job.destination.params
        writer.beginObject()
        switch job.destination.type {
        case "s3":
            // One file per half million events, as if Devo split the upload; at most five
            // are listed so that a huge job does not make a huge reply.
            let files = job.eventGenerated == 0 ? 0 : Int(min(5, 1 + job.eventGenerated / 500_000))
            let bucket = params["aws.bucket"] ?? "devo-sim-temporary"
            let region = params["aws.region"] ?? "us-east-1"
            let suffix = params["format"] == "gzip" ? "csv.gz" : (params["format"] == "plain" ? "csv" : "csv.zip")
            writer.key("paths")
            writer.beginArray()
            for index in 0..<files {
                let number = String(index + 1)
                let padded = String(repeating: "0", count: max(0, 3 - number.count)) + number
                writer.string("https://\(bucket).s3.\(region).amazonaws.com/apiv2_\(job.id)_\(padded).\(suffix)")
            }
            writer.endArray()
        case "email":
            writer.field("emailsSended", job.eventGenerated == 0 ? 0 : 1 + job.eventGenerated / 1_000_000)
        case "redis":
            writer.field("redisKeyBase", redisKeyBase(of: job))
            // keyFields was checked to be a list of objects, and a parameter that is not text
            // is stored as its JSON (see `JobDestination`): written as it is. A seeded job's
            // plain text is written as text.
            if let keyFields = params["keyFields"] {
                writer.key("keyFields")
                if keyFields.hasPrefix("[") {
                    writer.raw(Array(keyFields.utf8))
                } else {
                    writer.string(keyFields)
                }
            }
            if let description = params["description"] { writer.field("description", description) }
            if let expireIn = params["expireIn"].flatMap({ Int64($0) }) { writer.field("expireIn", expireIn) }
        default:
            break
        }
        writer.endObject()
    }

    /// `<domain>#<32 hex>`. Devo's hex is the MD5 of domain + friendlyName; here the first
    /// half of their SHA-256 (the simulator has no MD5): the same shape, stable per name.
    static func redisKeyBase(of job: Job) -> String {
        let digest = SHA256.hash(Array((job.domain + job.friendlyName).utf8)).prefix(16)
        return job.domain + "#" + Array(digest).lowercaseHex
    }
}
