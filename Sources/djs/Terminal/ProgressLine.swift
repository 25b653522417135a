import DJS
import Foundation

/// The progress line of a bulk job call on a terminal's standard error:
/// `stop: 1200/5000 jobs, 3 failed, 2400/s, 24 in flight`. The rate is the current pace (jobs
/// finished over about the last second), and `paused` shows while the server's `Retry-After`
/// holds every request back. Redrawn in place at most ten times a second and only once the
/// call has run for a moment, so quick calls leave no trace.
final class ProgressLine: ProgressDisplay {
    private var started: ContinuousClock.Instant?
    private var lastDrawn: ContinuousClock.Instant?
    /// Jobs finished at recent draws, oldest first, over at most the last second or so.
    private var recent: [(at: ContinuousClock.Instant, finished: Int)] = []
    private var visible = false

    func show(_ progress: BulkProgress) {
        let now = ContinuousClock.now
        let start = started ?? now
        if started == nil {
            started = start
            recent = [(start, 0)]
        }
        guard now - start >= .milliseconds(300) else { return }
        if let lastDrawn, now - lastDrawn < .milliseconds(100), progress.finished < progress.total { return }
        lastDrawn = now
        // The pace since the oldest sample within the last second (or since the start).
        while recent.count > 1, now - recent[1].at >= .seconds(1) { recent.removeFirst() }
        let oldest = recent[0]
        let span = (now - oldest.at) / .seconds(1)
        let rate = span > 0 ? Int(Double(progress.finished - oldest.finished) / span) : 0
        recent.append((now, progress.finished))

        var line = "\(progress.action.rawValue): \(progress.finished)/\(progress.total) jobs"
        if progress.failed > 0 { line += ", \(progress.failed) failed" }
        line += ", \(rate)/s"
        if let inFlight = progress.inFlight { line += ", \(inFlight) in flight" }
        if progress.paused { line += ", paused (server asked to retry later)" }
        StandardStreams.writeError("\r\u{1B}[K" + line)
        visible = true
    }

    func clear() {
        if visible { StandardStreams.writeError("\r\u{1B}[K") }
        visible = false
        started = nil
        lastDrawn = nil
        recent = []
    }
}
