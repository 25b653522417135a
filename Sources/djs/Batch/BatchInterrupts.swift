#if canImport(Glibc)
import Glibc
#endif
import DJS
import Dispatch

/// Ctrl-C during a batch run. The first one raises the interpreter's flag: a running loop
/// stops at its next step, a bulk call stops sending requests, waits for those in flight and
/// reports what it did, and djs exits 130. A second Ctrl-C ends the process at once, for a
/// script that is stuck somewhere the flag is not checked.
///
/// A dispatch signal source delivers the signal as an ordinary closure on a queue, so no
/// global state or async-signal-safe code is needed here (the REPL needs both; see
/// `InterruptHandling`).
final class BatchInterrupts {
    private let source: DispatchSourceSignal

    init(raising flag: InterruptFlag) {
        signal(SIGINT, SIG_IGN)  // the source sees the signal only once the default action is off
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if flag.isRaised { _exit(ProgramRunner.ExitCode.interrupted) }
            flag.raise()
        }
        source.resume()
    }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
