#!/usr/bin/env bash
# Shows that the official Python SDK (devo-sdk on PyPI) can manage the jobs of `djs sim`:
# creates a venv under .build-sdk/, installs devo-sdk, starts the simulator on a free
# loopback port with 50 seeded jobs, and runs scripts/sdk_against_sim.py against it.
#
#   scripts/sdk-against-sim.sh
#
# DJS_SIM_COMMAND overrides how the simulator is started (it must print djs sim's
# "listening on …" and "export …" lines on stdout), e.g. to try another build.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.build-sdk/venv
sdk_version=7.0.2   # the version whose behaviour the client and simulator were checked against
if [ ! -x "$venv/bin/python" ]; then
    echo "sdk: creating $venv"
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import devo.api" 2>/dev/null; then
    echo "sdk: installing devo-sdk==$sdk_version"
    "$venv/bin/pip" install --quiet "devo-sdk==$sdk_version"
fi

if [ -n "${DJS_SIM_COMMAND:-}" ]; then
    read -r -a sim_command <<< "$DJS_SIM_COMMAND"
else
    echo "sdk: building djs"
    swift build --product djs >/dev/null
    sim_command=("$(swift build --show-bin-path)/djs" sim --port 0 --jobs 50 --quiet)
fi

sim_output=$(mktemp)
"${sim_command[@]}" >"$sim_output" &
sim_pid=$!
cleanup() {
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
    rm -f "$sim_output"
}
trap cleanup EXIT

# Wait for the listening line and the export lines (they are written together).
for _ in $(seq 1 100); do
    grep -q '^export DEVO_API_SECRET=' "$sim_output" && break
    kill -0 "$sim_pid" 2>/dev/null || { echo "sdk: the simulator exited:"; cat "$sim_output"; exit 1; }
    sleep 0.1
done
first_line=$(head -n 1 "$sim_output")
case "$first_line" in
    "listening on http://127.0.0.1:"*) echo "sdk: simulator $first_line" ;;
    *) echo "sdk: unexpected first line from the simulator: $first_line"; exit 1 ;;
esac
# shellcheck disable=SC1090
source <(grep '^export DEVO_API_' "$sim_output")

"$venv/bin/python" scripts/sdk_against_sim.py
