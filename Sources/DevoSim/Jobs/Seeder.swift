/// Creates the `--jobs N` jobs a simulator starts with: a deterministic mix (the same
/// `seed` gives the same ids, names, owners, tables, destinations and statuses on every
/// machine) so that a newcomer has something believable to list, stop, start and remove.
///
/// The mix, per job: about 35% RUNNING (half of them continuous, without `to`), 25%
/// COMPLETED, 15% STOPPED by a user, 10% STOPPED by an error (an unknown table, which
/// fails again on every start, or a transient engine error, which a start gets past), 5%
/// CREATED, and 5% REMOVED when removed jobs are visible (otherwise STOPPED before it
/// produced anything). About one job in twelve reads a quiet source that produces no
/// events. Times are relative to the clock at start: ranges begin up to two weeks ago.
enum Seeder {
    static let owners = [
        "ana.garcia@example.com", "ops-bot@example.com", "li.wei@example.com",
        "kW5UfYqZ3sT9Lx2v", "soc-team@example.com",
    ]
    static let tables = [
        "siem.logtrust.web.activity", "demo.ecommerce.data", "firewall.all.traffic", "proxy.squid.access",
        "web.apache.access", "network.dns.queries", "cloud.aws.cloudtrail", "edr.crowdstrike.events",
        "auth.okta.system", "mail.o365.messages",
    ]
    static let unknownTables = ["legacy.oldfw.events", "tmp.import.raw"]
    static let nameStems = [
        "nightly-export", "fw-alerts", "soc-feed", "dns-audit", "weekly-report", "ecommerce-sales",
        "login-failures", "cloudtrail-archive", "proxy-top-talkers", "edr-detections",
    ]
    static let transientErrors = [
        "Remote msg call problem",
        "Connection lost with the query engine (malote)",
        "Error sending data to destination: timeout",
    ]
    /// Destination types with weights (out of 20).
    static let destinations: [(type: String, weight: Int)] = [
        ("s3", 6), ("donothing", 5), ("kafka", 3), ("email", 2), ("redis", 2), ("hdfs", 2),
    ]

    static func jobs(count: Int, seed: UInt64, now: Int64, domain: String, removedJobsVisible: Bool) -> [Job] {
        var random = SplitMix64(seed: seed)
        var jobs: [Job] = []
        jobs.reserveCapacity(max(0, count))
        for sequence in 0..<max(0, count) {
            jobs.append(job(sequence: sequence, random: &random, now: now, domain: domain,
                            removedJobsVisible: removedJobsVisible))
        }
        return jobs
    }

    private static func pick<T>(_ values: [T], _ random: inout SplitMix64) -> T {
        values[Int(random.next() % UInt64(values.count))]
    }

    private static func between(_ low: Int64, _ high: Int64, _ random: inout SplitMix64) -> Int64 {
        guard high > low else { return low }
        return low + Int64(random.next() % UInt64(high - low))
    }

    private static func job(sequence: Int, random: inout SplitMix64, now: Int64, domain: String,
                            removedJobsVisible: Bool) -> Job {
        let hour: Int64 = 3_600_000
        let id = random.uuid()
        let cid = random.alphanumeric(count: 10)
        let owner = pick(owners, &random)

        var roll = Int(random.next() % 20)
        var type = destinations[0].type
        for destination in destinations {
            if roll < destination.weight { type = destination.type; break }
            roll -= destination.weight
        }
        let statusRoll = Int(random.next() % 100)
        let failsForGood = statusRoll >= 75 && statusRoll < 80
        let table = failsForGood ? pick(unknownTables, &random) : pick(tables, &random)
        let query = random.chance(0.5)
            ? "from \(table) select *"
            : "from \(table) where eventdate > now() - 1d select eventdate, count() as n group every 1m"
        let friendlyName = random.chance(0.6)
            ? "\(pick(nameStems, &random))-\(sequence + 1)"
            : "\(type)_\(random.alphanumeric(count: 10))"
        let params = parameters(type: type, friendlyName: friendlyName, random: &random)
        let quiet = random.next() % 12 == 0
        let eventsPerDataSecond = quiet ? 0 : Double(between(1, 400, &random))

        let from = now - between(hour, 14 * 24 * hour, &random)
        var to: Int64? = from + between(hour, 3 * 24 * hour, &random)
        var status = JobStatus.running
        var lastDatetime: Int64 = 0
        var errors: [String] = []
        var failure: PlannedFailure?
        if failsForGood { failure = .atStart(message: "Error In Query \(cid): Unknown table `\(table)'") }

        switch statusRoll {
        case 0..<35:           // RUNNING; half continuous, half a backfill of a past range
            if statusRoll < 17 { to = nil } else { to = min(to ?? now, now - between(0, hour / 2, &random)) }
            lastDatetime = from + between(0, max(1, min(now, to ?? now) - from), &random)
        case 35..<60:          // COMPLETED in the past
            to = min(to ?? now, now - between(0, 24 * hour, &random))
            to = max(to ?? from, from)
            status = .completed
            lastDatetime = to ?? from
        case 60..<75:          // STOPPED by a user partway
            status = .stopped
            lastDatetime = from + between(0, max(1, min(now, to ?? now) - from), &random)
        case 75..<80:          // STOPPED: unknown table, never progressed
            status = .stopped
            errors = failure.map { if case .atStart(let message) = $0 { [message] } else { [] } } ?? []
        case 80..<90:          // STOPPED by a transient error partway
            status = .stopped
            lastDatetime = from + between(0, max(1, min(now, to ?? now) - from), &random)
            errors = [pick(transientErrors, &random)]
        case 90..<95:
            status = .created
        case 95..<100 where removedJobsVisible:
            status = .removed
            lastDatetime = from + between(0, max(1, min(now, to ?? now) - from), &random)
        default:               // STOPPED before it ever produced anything
            status = .stopped
        }
        if let end = to, lastDatetime > end { lastDatetime = end }

        return Job(id: id, cid: cid, owner: owner, domain: domain,
                   destination: JobDestination(type: type, params: params), friendlyName: friendlyName,
                   query: query, table: table, from: from, to: to, eventsPerDataSecond: eventsPerDataSecond,
                   sequence: sequence, status: status, statusSince: now,
                   startPosition: lastDatetime > 0 ? lastDatetime : from,
                   lastDatetime: lastDatetime, errors: errors, failure: failure)
    }

    private static func parameters(type: String, friendlyName: String, random: inout SplitMix64) -> [String: String] {
        var params = ["friendlyName": friendlyName]
        switch type {
        case "s3":
            params["aws.bucket"] = pick(["soc-archive", "sales-exports", "devo-dumps"], &random)
            params["aws.region"] = pick(["eu-west-1", "us-east-1", "eu-central-1"], &random)
            params["format"] = pick(["zip", "gzip"], &random)
        case "kafka":
            params["topic"] = pick(["alerts", "security-events", "metrics"], &random)
            params["bootstrap.servers"] = "kafka-1.example.com:9092,kafka-2.example.com:9092"
        case "email":
            params["email.to"] = pick(owners.filter { $0.contains("@") }, &random)
            params["email.subject"] = "Devo job \(friendlyName)"
        case "redis":
            // Non-text parameters are kept as their JSON text (see `JobDestination`).
            params["keyFields"] = #"[{"name":"srcIp","type":"str"}]"#
            params["description"] = "lookup of \(friendlyName)"
            params["expireIn"] = "3600"
        case "hdfs":
            params["fs.defaultFS"] = "hdfs://namenode.example.com:8020"
            params["file"] = "/data/devo/\(friendlyName)"
        default:
            break
        }
        return params
    }
}
