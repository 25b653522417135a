import Foundation
import Testing
@testable import DevoSim

/// The job state machine, driven through the HTTP endpoints with a manual
/// clock (speed 1000: one clock second processes 1000 data seconds; CREATED lasts 1 s).
@Suite struct LifecycleTests {
    static let hour: Int64 = 3_600_000

    @Test func jobRunsThroughItsRangeAndCompletesAtTo() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let clock = try #require(sim.clock)
        let from = (sim.now - 10 * Self.hour) / 1000 * 1000   // whole seconds, as sent
        let to = from + 2 * Self.hour      // 7200 data seconds = 7.2 clock seconds
        let id = try sim.launch(from: from / 1000, to: to / 1000)

        var job = try sim.jobObject(id)
        #expect(job["status"] as? String == "CREATED")
        #expect(job["lastDatetime"] as? Int == 0)
        #expect(job["eventGenerated"] as? Int == 0)

        clock.advance(seconds: 1 + 3.6)   // CREATED ends, then half the range
        job = try sim.jobObject(id)
        #expect(job["status"] as? String == "RUNNING")
        let halfway = try #require(job["lastDatetime"] as? Int)
        #expect(Int64(halfway) == from + Self.hour)
        let events = try #require(job["eventGenerated"] as? Int)
        #expect(events > 0)
        #expect(job["eventsSent"] as? Int == events)

        clock.advance(seconds: 3)
        let later = try #require(try sim.jobObject(id)["lastDatetime"] as? Int)
        #expect(later > halfway)

        clock.advance(seconds: 10)
        job = try sim.jobObject(id)
        #expect(job["status"] as? String == "COMPLETED")
        #expect(Int64(job["lastDatetime"] as? Int ?? 0) == to)
        #expect((job["eventGenerated"] as? Int ?? 0) > events)
        #expect(sim.simulator.job(id: id)?.status == .completed)
    }

    @Test func jobWithoutToNeverCompletesAndFollowsTheClock() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let clock = try #require(sim.clock)
        let id = try sim.launch(from: (sim.now - Self.hour) / 1000)
        clock.advance(seconds: 1000)
        let job = try sim.jobObject(id)
        #expect(job["status"] as? String == "RUNNING")
        // Caught up with the present: data from the future does not exist.
        #expect(Int64(job["lastDatetime"] as? Int ?? 0) == sim.now)
    }

    @Test func stopKeepsLastDatetimeAndStartResumesFromIt() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let clock = try #require(sim.clock)
        let from = (sim.now - 10 * Self.hour) / 1000 * 1000   // whole seconds, as sent
        let id = try sim.launch(from: from / 1000, to: (from + 5 * Self.hour) / 1000)
        clock.advance(seconds: 1 + 3.6)

        let stopped = try sim.get("/search/job/stop/\(id)")
        #expect(stopped.status == 200)
        #expect(stopped.object?["status"] as? Int == 0)
        #expect(stopped.jobObject?["status"] as? String == "STOPPED")
        let kept = try #require(stopped.jobObject?["lastDatetime"] as? Int)
        #expect(Int64(kept) == from + Self.hour)

        clock.advance(seconds: 50)
        #expect(try sim.jobObject(id)["lastDatetime"] as? Int == kept)   // no progress while stopped

        let started = try sim.get("/search/job/start/\(id)")
        #expect(started.status == 200)
        #expect(started.jobObject?["status"] as? String == "RUNNING")
        #expect(started.jobObject?["lastDatetime"] as? Int == kept)
        clock.advance(seconds: 1)
        #expect(Int64(try sim.jobObject(id)["lastDatetime"] as? Int ?? 0) == Int64(kept) + 1000 * 1000)
    }

    @Test func stopOnStoppedIs108AndOnCompletedIsUnchanged() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let stopped = sim.simulator.seedJob(JobSeed(status: .stopped, lastDatetime: sim.now - 1000))
        let response = try sim.get("/search/job/stop/\(stopped)")
        #expect(response.status == 400)
        #expect(response.object?["status"] as? Int == 108)
        #expect(response.object?["msg"] as? String == "Cannot stop task a non running task")
        #expect(response.object?["cid"] as? String != nil)
        #expect(sim.simulator.job(id: stopped)?.status == .stopped)

        let completed = sim.simulator.seedJob(JobSeed(status: .completed, from: sim.now - 7200_000, to: sim.now - 3600_000,
                                                      lastDatetime: sim.now - 3600_000))
        for action in ["stop", "start"] {
            let reply = try sim.get("/search/job/\(action)/\(completed)")
            #expect(reply.status == 200)
            #expect(reply.jobObject?["status"] as? String == "COMPLETED")
        }
    }

    @Test func startOnRunningOrCreatedHasNoEffect() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let id = try sim.launch(from: (sim.now - Self.hour) / 1000)
        let created = try sim.get("/search/job/start/\(id)")
        #expect(created.status == 200)
        #expect(created.jobObject?["status"] as? String == "CREATED")
        sim.clock?.advance(seconds: 2)
        let running = try sim.get("/search/job/start/\(id)")
        #expect(running.status == 200)
        #expect(running.jobObject?["status"] as? String == "RUNNING")
    }

    @Test func removeDeletesByDefault() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let id = try sim.launch(from: (sim.now - Self.hour) / 1000)
        sim.clock?.advance(seconds: 2)
        let removed = try sim.get("/search/job/remove/\(id)")
        #expect(removed.status == 200)
        #expect(removed.jobObject?["status"] as? String == "REMOVED")
        #expect(removed.jobObject?["id"] as? String == id)

        let afterwards = try sim.get("/search/job/\(id)")
        #expect(afterwards.status == 404)
        #expect(afterwards.object?["status"] as? Int == 100)
        #expect(afterwards.object?["msg"] as? String == "Task not found")
        #expect(sim.simulator.jobSnapshot().isEmpty)
        #expect(try sim.get("/search/job/remove/\(id)").status == 404)
        #expect(try sim.get("/search/job/start/\(id)").status == 404)
    }

    @Test func removedJobsStayVisibleWithTheFlag() throws {
        let sim = try SimHarness(removedJobsVisible: true)
        defer { sim.stop() }
        let id = try sim.launch(from: (sim.now - Self.hour) / 1000)
        let completed = sim.simulator.seedJob(JobSeed(status: .completed, from: sim.now - 7200_000, to: sim.now - 3600_000,
                                                      lastDatetime: sim.now - 3600_000))
        #expect(try sim.get("/search/job/remove/\(id)").status == 200)
        #expect(try sim.get("/search/job/remove/\(completed)").jobObject?["status"] as? String == "REMOVED")
        #expect(try sim.jobObject(id)["status"] as? String == "REMOVED")
        let list = try #require(try sim.get("/search/jobs").object?["object"] as? [[String: Any]])
        #expect(list.map { $0["status"] as? String } == ["REMOVED", "REMOVED"])

        let again = try sim.get("/search/job/remove/\(id)")
        #expect(again.status == 200)
        let stop = try sim.get("/search/job/stop/\(id)")
        #expect(stop.status == 400)
        #expect(stop.object?["status"] as? Int == 108)
        let start = try sim.get("/search/job/start/\(id)")
        #expect(start.status == 400)
        #expect(start.object?["status"] as? Int == 101)
    }

    @Test func unknownTableEndsStoppedWithAnErrorAfterEveryStart() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let clock = try #require(sim.clock)
        let id = try sim.launch(query: "from nosuch.table select *", from: (sim.now - Self.hour) / 1000)
        clock.advance(seconds: 1.05)
        #expect(try sim.jobObject(id)["status"] as? String == "RUNNING")
        clock.advance(seconds: 0.1)
        var job = try sim.jobObject(id)
        #expect(job["status"] as? String == "STOPPED")
        let errors = try #require(job["error"] as? [String])
        #expect(errors.count == 1)
        #expect(errors.first?.contains("Unknown table `nosuch.table'") == true)
        #expect(job["table"] as? String == "nosuch.table")

        let restarted = try sim.get("/search/job/start/\(id)")
        #expect(restarted.jobObject?["status"] as? String == "RUNNING")
        #expect((restarted.jobObject?["error"] as? [String])?.isEmpty == true)
        clock.advance(seconds: 1)
        job = try sim.jobObject(id)
        #expect(job["status"] as? String == "STOPPED")
        #expect((job["error"] as? [String])?.isEmpty == false)
    }

    @Test func oneOffFailureStopsTheJobAndARestartGetsPastIt() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let clock = try #require(sim.clock)
        let from = (sim.now - 10 * Self.hour) / 1000 * 1000   // whole seconds, as sent
        let id = sim.simulator.seedJob(JobSeed(status: .running, from: from, to: from + 5 * Self.hour,
                                               failAt: (from + Self.hour, "Remote msg call problem")))
        clock.advance(seconds: 5)
        var job = try sim.jobObject(id)
        #expect(job["status"] as? String == "STOPPED")
        #expect(job["error"] as? [String] == ["Remote msg call problem"])
        #expect(Int64(job["lastDatetime"] as? Int ?? 0) == from + Self.hour)
        #expect(try sim.get("/search/job/start/\(id)").status == 200)
        clock.advance(seconds: 100)
        job = try sim.jobObject(id)
        #expect(job["status"] as? String == "COMPLETED")
        #expect((job["error"] as? [String])?.isEmpty == true)
    }

    @Test func everyStatusAnswersEveryActionAsDocumented() throws {
        // (status, stop, start, remove) → (HTTP status, resulting status or task code)
        let expectations: [(JobStatus, [String: (Int, String)])] = [
            (.running, ["stop": (200, "STOPPED"), "start": (200, "RUNNING"), "remove": (200, "REMOVED")]),
            (.created, ["stop": (200, "STOPPED"), "start": (200, "CREATED"), "remove": (200, "REMOVED")]),
            (.stopped, ["stop": (400, "108"), "start": (200, "RUNNING"), "remove": (200, "REMOVED")]),
            (.completed, ["stop": (200, "COMPLETED"), "start": (200, "COMPLETED"), "remove": (200, "REMOVED")]),
            (.paused, ["stop": (200, "STOPPED"), "start": (200, "RUNNING"), "remove": (200, "REMOVED")]),
            (.reconnecting, ["stop": (200, "STOPPED"), "start": (200, "RECONNECTING"), "remove": (200, "REMOVED")]),
            (.removed, ["stop": (400, "108"), "start": (400, "101"), "remove": (200, "REMOVED")]),
        ]
        let sim = try SimHarness(removedJobsVisible: true)
        defer { sim.stop() }
        for (status, actions) in expectations {
            for (action, expected) in actions {
                let id = sim.simulator.seedJob(JobSeed(status: status, from: sim.now - 7200_000,
                                                       to: sim.now + 7200_000, lastDatetime: sim.now - 3600_000))
                let reply = try sim.get("/search/job/\(action)/\(id)")
                #expect(reply.status == expected.0, "\(status) \(action)")
                let outcome = reply.status == 200 ? reply.jobObject?["status"] as? String
                                                  : (reply.object?["status"] as? Int).map(String.init)
                #expect(outcome == expected.1, "\(status) \(action)")
            }
        }
    }
}
