/// The jobs of one simulator, in creation order. Lookups by id are a dictionary hit;
/// listing walks a dense array, so `GET /search/jobs` over 100,000 jobs costs one pass.
/// Not thread-safe by itself: it lives inside the simulator's lock.
struct JobStore {
    /// Creation-ordered slots; a deleted job leaves `nil` until the next compaction.
    private var slots: [Job?] = []
    private var slotOfID: [String: Int] = [:]
    private var holes = 0

    var count: Int { slotOfID.count }

    func job(id: String) -> Job? {
        guard let slot = slotOfID[id] else { return nil }
        return slots[slot]
    }

    mutating func insert(_ stored: Job) {
        var job = stored
        if job.encodedIdentity.isEmpty { job.encodedIdentity = JobJSON.identityMembers(of: job) }
        if let existing = slotOfID[job.id] {
            slots[existing] = job
            return
        }
        slotOfID[job.id] = slots.count
        slots.append(job)
    }

    /// Replaces a stored job (same id).
    mutating func update(_ job: Job) {
        guard let slot = slotOfID[job.id] else { return }
        slots[slot] = job
    }

    mutating func delete(id: String) {
        guard let slot = slotOfID.removeValue(forKey: id) else { return }
        slots[slot] = nil
        holes += 1
        if holes > 1024, holes * 2 > slots.count { compact() }
    }

    /// Every job in creation order (a copy: the caller may work on it outside the lock).
    func all() -> [Job] {
        var jobs: [Job] = []
        jobs.reserveCapacity(slotOfID.count)
        for case let job? in slots { jobs.append(job) }
        return jobs
    }

    func contains(where predicate: (Job) -> Bool) -> Bool {
        slots.contains { $0.map(predicate) ?? false }
    }

    private mutating func compact() {
        slots = slots.filter { $0 != nil }
        slotOfID.removeAll(keepingCapacity: true)
        for (index, job) in slots.enumerated() {
            if let job { slotOfID[job.id] = index }
        }
        holes = 0
    }
}
