#if canImport(Glibc)
import Glibc
#endif
import CEdit
import DJS

// The thin layer between the REPL and C: the SIGINT handler and libedit's completion callbacks.
//
// C calls these through plain function pointers, which cannot carry any Swift context, so what
// they need has to be reachable from globals. This file is the only place in djs with global
// mutable state, marked `nonisolated(unsafe)`: every such variable is written on the REPL thread
// before readline()/evaluation starts and then read on that same thread (completion) or by the
// signal handler, which itself only performs an atomic store and a pthread_kill.

enum InterruptHandling {
    /// Raised by Ctrl-C, shared with the interpreter. A constant of a Sendable class whose
    /// `raise()` is a lock-free atomic store, which is safe inside a signal handler.
    static let flag = InterruptFlag()

    /// The thread that runs the REPL; Ctrl-C must interrupt *its* blocking read.
    nonisolated(unsafe) private static var replThread: pthread_t?

    /// Keeps SIGINT away from the calling thread (the main thread, which only waits for the
    /// REPL), so the kernel delivers it to the REPL thread, whose `read()` it must interrupt.
    /// Threads started from here inherit the mask; `install()` unblocks it on the REPL thread.
    static func blockOnThisThread() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Installs the Ctrl-C handler; call on the REPL thread.
    static func install() {
        _ = flag  // initialise the lazy global now, never inside the handler
        replThread = pthread_self()
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)

        var action = sigaction()
        action.__sigaction_handler = .init(sa_handler: { _ in InterruptHandling.signalArrived() })
        sigemptyset(&action.sa_mask)
        // No SA_RESTART: the blocked read() inside readline() must fail with EINTR so that
        // readline() gives the line up at once instead of waiting for another key.
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    private static func signalArrived() {
        flag.raise()
        // If another thread (one started later without the mask) caught it, pass it on so the
        // REPL thread's read() is interrupted too.
        if let replThread, pthread_equal(pthread_self(), replThread) == 0 {
            pthread_kill(replThread, SIGINT)
        }
    }
}

/// Tab completion as libedit sees it: it asks once per Tab (`attempted`), then pulls the
/// matches one by one (`generate`), freeing each string itself.
enum CompletionGlue {
    /// Answers "what could replace `word`, given the text before it?" Set by `EditLineReader`.
    nonisolated(unsafe) static var provider: ((_ before: String, _ word: String) -> [String])?
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var next = 0

    /// Characters that end a word for completion. libedit reads only this variable, never
    /// `rl_completer_word_break_characters`; strdup'd because libedit keeps the pointer.
    static func install(wordBreaks: String) {
        cedit_configure({ text, start, _ in CompletionGlue.attempted(text, start) }, strdup(wordBreaks))
    }

    private static func attempted(_ text: UnsafePointer<CChar>?, _ start: Int32)
        -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        cedit_completion_over()  // never fall back to file names
        let word = text.map { String(cString: $0) } ?? ""
        // `start` is a byte offset into the line buffer.
        var before = ""
        if let line = cedit_line_buffer() {
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(line).assumingMemoryBound(to: UInt8.self),
                                            count: min(Int(start), strlen(line)))
            before = String(decoding: bytes, as: UTF8.self)
        }
        matches = provider?(before, word) ?? []
        next = 0
        guard !matches.isEmpty else { return nil }
        return cedit_completion_matches(text, { _, state in CompletionGlue.generate(state) })
    }

    private static func generate(_ state: Int32) -> UnsafeMutablePointer<CChar>? {
        if state == 0 { next = 0 }
        guard next < matches.count else { return nil }
        defer { next += 1 }
        return strdup(matches[next])
    }
}
