#!/usr/bin/env bash
# Drives the real djs REPL in a tmux pane, the way a person would, and checks the screen:
# Tab completion, Up and Ctrl-R history, Ctrl-C at the prompt and while a statement runs,
# UTF-8 input, continuation lines, Ctrl-D, and history kept across sessions.
#
#   scripts/repl-smoke.sh            # builds the debug binary if needed
#   DJS_BINARY=path scripts/repl-smoke.sh
#
# Exits non-zero, printing the screen, at the first mismatch. Needs tmux. Takes a few seconds.
set -euo pipefail

cd "$(dirname "$0")/.."
binary="${DJS_BINARY:-.build/debug/djs}"
if [[ ! -x "$binary" ]]; then swift build --product djs >/dev/null; fi
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

# A private tmux server and a throwaway home, so nothing of the user's is read or touched.
socket="djs-smoke-$$"
home="$(mktemp -d)"
cleanup() { tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$home"; }
trap cleanup EXIT
trap 'echo "repl-smoke: FAIL: command failed at line $LINENO" >&2' ERR

session=""
screen() { tmux -L "$socket" capture-pane -p -S -300 -t "$session"; }
last_line() { screen | grep -v '^[[:space:]]*$' | tail -n 1; }
keys() { tmux -L "$socket" send-keys -t "$session" "$@"; }

fail() {
    echo "repl-smoke: FAIL: $1" >&2
    echo "----- screen -----" >&2
    screen >&2
    exit 1
}

# Waits up to 5 s for a line of the screen to match the extended regex $1.
expect_line() {
    for _ in $(seq 50); do
        if screen | grep -Eq -- "$1"; then return 0; fi
        sleep 0.1
    done
    fail "no line matching: $1"
}

# Waits up to 5 s for the last non-blank line (where the cursor is) to be exactly $1.
expect_last() {
    for _ in $(seq 50); do
        if [[ "$(last_line)" == "$1" ]]; then return 0; fi
        sleep 0.1
    done
    fail "expected the current line to be: $1"
}

# Waits until exactly $2 lines match $1 (to tell a new result from an earlier one).
expect_count() {
    for _ in $(seq 50); do
        if [[ "$(screen | grep -Ec -- "$1")" == "$2" ]]; then return 0; fi
        sleep 0.1
    done
    fail "expected $2 lines matching: $1"
}

# Each session gets a new name on the same server (restarting the server races with its exit).
start_session() {
    session="$1"
    shift
    tmux -L "$socket" new-session -d -s "$session" -x 100 -y 40 \
        "env -i HOME='$home' PATH=/usr/bin:/bin TERM=xterm-256color LANG=C.UTF-8 NO_COLOR=1 '$binary' $*; echo EXITED=\$?; sleep 60"
    expect_last "djs>"
}

start_session first
expect_line "^djs .* :help for help"

# A name declared in the session completes.
keys 'let jay = 1' Enter
expect_count '^djs> let jay = 1$' 1
keys 'ja' Tab
expect_last "djs> jay"
keys ' + 41' Enter
expect_line '^42$'

# Built-ins complete with their parenthesis; job fields after '.'; statuses inside a string.
keys 'sle' Tab
expect_last "djs> sleep("
keys C-u 'x.sta' Tab
expect_last "djs> x.sta""tus"
keys C-u 'x.status == "RUN' Tab
expect_last 'djs> x.status == "RUNNING'
keys C-u ':ti' Tab
expect_last "djs> :timing"
keys C-u

# Ctrl-C at the prompt discards the line, including continuation lines.
keys 'for i in range(3) <' Enter
expect_last "...>"
keys 'print('
expect_last "...> print("   # wait: the tty discards unread typing when Ctrl-C arrives
keys C-c
expect_line '^\.\.\.> print\(\^C$'
expect_last "djs>"

# Continuation lines make one statement.
keys 'for i in range(2) <' Enter 'print(i * 10)' Enter '>' Enter
expect_line '^10$'

# A pasted multi-line script runs statement by statement (send-keys -l types it verbatim).
keys -l $'let base = 100\nfor i in range(2) <\n  print(base + i)\n>\n'
expect_line '^101$'

# UTF-8 typed at the prompt arrives intact.
keys '"héllo" + "!"' Enter
expect_line '^"héllo!"$'

# Ctrl-C while a statement runs interrupts it; the session goes on.
keys 'sleep(20s)' Enter
expect_last "djs> sleep(20s)"
sleep 0.3
keys C-c
expect_line 'error: interrupted'
expect_last "djs>"
keys '1 + 1' Enter
expect_line '^2$'

# Up recalls the previous statement.
keys Up
expect_last "djs> 1 + 1"
keys C-u

# Ctrl-R searches history; Enter runs what it found.
keys C-r 'jay'
expect_line 'jay \+ 41'
keys Enter
expect_count '^42$' 2

# Ctrl-D on an empty line leaves with status 0.
keys C-d
expect_line '^EXITED=0$'

# The history file is libedit's format (header intact) and holds whole statements.
history="$home/.local/state/djs/history"
[[ -f "$history" ]] || fail "no history file at $history"
[[ "$(head -n 1 "$history")" == "_HiStOrY_V2_" ]] || fail "history file lost its header"
grep -q 'for\\040i\\040in\\040range(2)\\040<\\012print(i\\040\*\\04010)\\012>' "$history" \
    || fail "a multi-line statement is not one history entry"

# A new session recalls the last session's statements.
start_session second
keys Up
expect_last "djs> jay + 41"
keys C-u C-d
expect_line '^EXITED=0$'

# Jobs on the embedded simulator: a bulk change asks first; a long bulk call shows a progress
# line on the terminal and Ctrl-C stops it with an account of what was done.
start_session third --sim --sim-jobs 20000
keys 'let running = [for j in jobs() where j.status == "RUNNING"]' Enter
expect_count '^djs> let running' 1
expect_last "djs>"
keys 'len(stop(running)) == len(running)' Enter
expect_line '^  [0-9a-f-]+ \(RUNNING\)$'
expect_line '^stop [0-9]+ jobs\? \[y/N\]'
keys 'y' Enter
expect_line '^true$'
keys 'refresh(jobs())' Enter
expect_line 'refresh: [0-9]+/20000 jobs, [0-9]+/s, [0-9]+ in flight'
keys C-c
expect_line 'error: refresh\(\): interrupted: [0-9]+ of 20000 jobs read, 0 failed, [0-9]+ not attempted'
expect_last "djs>"
keys C-d
expect_line '^EXITED=0$'

echo "repl-smoke: ok"
