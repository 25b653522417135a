#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

/// Whether these tests (and so the `djs` binary built with them) run under ThreadSanitizer
/// (`swift test --sanitize=thread`, scripts/tsan.sh): its runtime then defines `__tsan_init`.
///
/// ThreadSanitizer keeps its own record of every call in progress, a fixed array of 65,536
/// entries per thread (its "shadow stack"), which the evaluator's 512 MB stack does not
/// have to respect: a djs program recursing deeper than that many instrumented frames
/// makes TSan itself fault (`ThreadSanitizer: SEGV … nested bug in the same thread,
/// aborting`) and exit with its exit code, 66; and instrumented frames are larger, so a
/// parse tree 190,000 levels tall overflows the real stack before djs's own depth check
/// (exit 139). The tests that drive djs to its own depth limits are skipped under it for
/// that reason; they run in every ordinary `swift test`.
enum ThreadSanitizerDetection {
    static let isActive: Bool = dlsym(dlopen(nil, RTLD_NOW), "__tsan_init") != nil

    static let depthTestSkipReason: Comment =
        "under ThreadSanitizer, whose shadow stack (65,536 frames) and larger frames do not reach the depths this test drives djs to"
}
