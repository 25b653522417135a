#!/usr/bin/env bash
# The journal's kill test at full size: a bulk stop of 5,000 jobs of `djs sim`, killed with
# SIGKILL at 20 points spread over its run. After each kill the journal and the simulator's
# request log must agree job by job (every job the simulator stopped is in the journal as
# done or unknown; none is done that was not stopped), and `djs resume` must finish the run
# with every job stopped exactly once. It is the test `swift test` runs small
# (Tests/djsCLITests/JournalKillTests.swift), run with bigger numbers; one line per kill.
#
#   scripts/journal-kill-test.sh [JOBS] [KILLS]      (default 5000 20)
#
# Environment: JOURNAL_KILL_LATENCY_MS, the simulator's delay per answer (default 2);
# DJS_BINARY to test a built djs instead of the debug build next to the tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export JOURNAL_KILL_JOBS="${1:-5000}"
export JOURNAL_KILL_ROUNDS="${2:-20}"

swift build --build-tests >/dev/null
started=$(date +%s)
status=0
swift test --skip-build --filter JournalKillTests >"${TMPDIR:-/tmp}/journal-kill-test.$$.log" 2>&1 || status=$?
grep -E '^journal-kill:|✘|error:' "${TMPDIR:-/tmp}/journal-kill-test.$$.log" || true
rm -f "${TMPDIR:-/tmp}/journal-kill-test.$$.log"
echo "journal-kill: $JOURNAL_KILL_JOBS jobs, $JOURNAL_KILL_ROUNDS kills, $(( $(date +%s) - started )) s"
if [ "$status" -eq 0 ]; then echo "journal-kill: PASS"; else echo "journal-kill: FAIL"; fi
exit "$status"
