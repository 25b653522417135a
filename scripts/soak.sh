#!/usr/bin/env bash
# Soak: one bulk stop over 10,000 jobs of `djs sim` while 10% of requests fail (5% 5xx, 3%
# connections dropped after the work, 2% truncated replies), retries on; then every job's
# reported outcome is checked against the simulator (scripts/soak/soak.djs). Prints the
# account; exits non-zero on any job unaccounted for or misreported.
#
#   scripts/soak.sh [JOBS] [extra djs options…]     (default 10000; e.g. --concurrency 32)
#
# Environment: DJS_BINARY to use a built djs instead of building one; SOAK_SEED for the
# fault dice (default 1).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jobs="${1:-10000}"
shift || true

if [ -n "${DJS_BINARY:-}" ]; then
    djs="$DJS_BINARY"
else
    swift build --product djs >/dev/null
    djs="$(swift build --show-bin-path)/djs"
fi

work="$(mktemp -d)"
sim_pid=""
cleanup() {
    if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Throwaway credentials, never printed.
key="soak-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
secret="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"

# The request log (one line per request, with fault=…) goes to a file, for the figures.
"$djs" sim --port 0 --jobs "$jobs" --seed 7 --fault-seed "${SOAK_SEED:-1}" \
    --error-rate 0.05 --drop-rate 0.03 --malformed-rate 0.02 \
    --key "$key" --secret "$secret" >"$work/sim.out" 2>"$work/sim.log" &
sim_pid=$!
for _ in $(seq 1 600); do
    grep -q '^listening on ' "$work/sim.out" 2>/dev/null && break
    sleep 0.1
done
address="$(sed -n 's/^listening on //p' "$work/sim.out" | head -1)"
[ -n "$address" ] || { echo "soak: the simulator did not start" >&2; cat "$work/sim.log" >&2; exit 1; }
echo "soak: $jobs jobs on $address; faults: 5% 5xx, 3% dropped, 2% truncated; djs --retries 4 $*"

status=0
started=$(date +%s)
DEVO_API_ADDRESS="$address" DEVO_API_KEY="$key" DEVO_API_SECRET="$secret" \
    "$djs" --retries 4 --concurrency 16 "$@" scripts/soak/soak.djs || status=$?
elapsed=$(( $(date +%s) - started ))

requests=$(grep -c ' /search/' "$work/sim.log" || true)
faulted=$(grep -c 'fault=' "$work/sim.log" || true)
echo "soak: $requests requests seen by the simulator, $faulted with an injected fault, ${elapsed} s"
if [ "$status" -eq 0 ]; then echo "soak: PASS"; else echo "soak: FAIL (djs exit $status)"; fi
exit "$status"
