# The soak's bulk run (scripts/soak.sh): stop every job of the simulator in one bulk call
# while faults are injected, then check the account against a fresh listing.
# Exit 0: every job accounted for, exactly. Exit 1: a mismatch, printed.

# Listing is retried here too: a truncated 200 reply is an answer, so the client does not.
fn listAll() <
    let all = null
    let tries = 0
    while all == null and tries < 50 <
        tries = tries + 1
        try < all = jobs() > catch e < >
    >
    if all == null < error("could not list the jobs in 50 tries") >
    return all
>

let all = listAll()
let before = {}
for j in all < before[j.id] = j.status >
print("jobs:", len(all))

let started = now()
let succeeded = []
let failed = []
try < succeeded = stop(all) > catch e <
    succeeded = e.succeeded
    failed = e.failed
>
let took = now() - started

# Each job in exactly one place.
let outcome = {}
let problems = 0
for j in succeeded <
    if get(outcome, j.id) != null < print("DUPLICATE", j.id); problems = problems + 1 >
    outcome[j.id] = "succeeded"
>
let refused = 0
let unknown = 0
let other = 0
for f in failed <
    if get(outcome, f.id) != null < print("DUPLICATE", f.id); problems = problems + 1 >
    if matches(f.error, "earlier attempt may have done|unreadable reply|connection lost|no reply within|cannot reach") <
        outcome[f.id] = "unknown"
        unknown = unknown + 1
        if unknown <= 3 < print("outcome unknown, e.g.:", f.error) >
    > else if matches(f.error, "non running task") <
        outcome[f.id] = "refused"
        refused = refused + 1
    > else <
        outcome[f.id] = "failed"
        other = other + 1
    >
>

# Against the simulator's state now.
let after = {}
for j in listAll() < after[j.id] = j.status >
for j in all <
    let was = before[j.id]
    let now_ = get(after, j.id, "GONE")
    let said = get(outcome, j.id)
    if said == null <
        print("UNACCOUNTED", j.id, was, now_); problems = problems + 1
    > else if said == "succeeded" and now_ != "STOPPED" and now_ != "COMPLETED" <
        print("SAID STOPPED BUT", j.id, was, "->", now_); problems = problems + 1
    > else if said == "refused" and was == "RUNNING" and now_ == "STOPPED" <
        # Refused as "not running" although it was running and is now stopped: a lost success.
        print("SAID REFUSED BUT STOPPED", j.id); problems = problems + 1
    > else if said == "failed" and now_ == "STOPPED" and was == "RUNNING" <
        print("SAID FAILED BUT STOPPED", j.id); problems = problems + 1
    >
>

print("account:", len(succeeded), "stopped or already done,", refused, "refused (not running),",
      other, "failed,", unknown, "outcome unknown =", len(succeeded) + len(failed), "of", len(all), "jobs")
print("time:", took)
if problems > 0 <
    print("MISMATCHES:", problems)
    exit(1)
>
print("every job accounted for")
