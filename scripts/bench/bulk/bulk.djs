# The djs side of the bulk benchmark (run by bench.py against a fresh `djs sim`): list
# every job, stop the RUNNING ones, start those again, remove every job. The same work as
# sdk_bulk.py. A failed call makes the bulk built-in raise, so the script exits non-zero.
let all = jobs()
let running = filter(all, fn(j) < j.status == "RUNNING" >)
stop(running)
start(running)
remove(all)
print("requests=${1 + 2 * len(running) + len(all)} running=${len(running)} jobs=${len(all)}")
