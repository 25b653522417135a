#!/usr/bin/env bash
# Runs the whole test suite under ThreadSanitizer, in its own build directory (.build-tsan)
# so that it never invalidates the ordinary build.
#
#   scripts/tsan.sh [swift test arguments…]     e.g. scripts/tsan.sh --filter DevoSimTests
#
# Every data race TSan reports fails the run: the test runner, and every djs process the CLI
# tests start, exit with TSan's exit code (66) after a report. halt_on_error stays off so that
# one run lists every race, not only the first. Tests that measure how deep the interpreter
# can recurse are skipped under TSan (see `isThreadSanitized` in the test targets): TSan's
# shadow stack frames make each call deeper, so the depths they assert do not hold.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scratch=".build-tsan"
export TSAN_OPTIONS="${TSAN_OPTIONS:+$TSAN_OPTIONS:}second_deadlock_stack=1"
swift build --build-tests --sanitize=thread --scratch-path "$scratch"
log="$scratch/tsan-test.log"
status=0
swift test --skip-build --sanitize=thread --scratch-path "$scratch" "$@" 2>&1 | tee "$log" || status=$?
races=$(grep -c '^WARNING: ThreadSanitizer' "$log" || true)
echo "ThreadSanitizer reports: $races (log: $log)"
if [ "$races" -ne 0 ]; then
    grep '^SUMMARY: ThreadSanitizer' "$log" | sort | uniq -c | sort -rn
    exit 1
fi
exit "$status"
