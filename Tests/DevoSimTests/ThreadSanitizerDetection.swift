#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether these tests run under ThreadSanitizer (`swift test --sanitize=thread`,
/// scripts/tsan.sh): its runtime then defines `__tsan_init`. TSan makes every memory access
/// several times slower, so a throughput figure measured under it says nothing about the
/// simulator; what the requests return is still checked.
enum ThreadSanitizerDetection {
    static let isActive: Bool = dlsym(dlopen(nil, RTLD_NOW), "__tsan_init") != nil
}
