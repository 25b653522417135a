import DJS
import Foundation

/// The progress line of a bulk job call on a terminal's standard error:
/// `stop: 1200/5000 jobs, 3 failed, 2400/s`. Redrawn in place at most ten times a second and
/// only once the call has run for a moment, so quick calls leave no trace.
final class ProgressLine: ProgressDisplay {
    private var started: ContinuousClock.Instant?
    private var lastDrawn: ContinuousClock.Instant?
    private var visible = false

    func show(_ progress: BulkProgress) {
        let now = ContinuousClock.now
        let start = started ?? now
        started = start
        guard now - start >= .milliseconds(300) else { return }
        if let lastDrawn, now - lastDrawn < .milliseconds(100), progress.finished < progress.total { return }
        lastDrawn = now
        let elapsed = (now - start) / .seconds(1)
        let rate = elapsed > 0 ? Int(Double(progress.finished) / elapsed) : 0
        var line = "\(progress.action.rawValue): \(progress.finished)/\(progress.total) jobs"
        if progress.failed > 0 { line += ", \(progress.failed) failed" }
        line += ", \(rate)/s"
        StandardStreams.writeError("\r\u{1B}[K" + line)
        visible = true
    }

    func clear() {
        if visible { StandardStreams.writeError("\r\u{1B}[K") }
        visible = false
        started = nil
        lastDrawn = nil
    }
}
