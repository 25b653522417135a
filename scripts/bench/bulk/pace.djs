# The djs side of the pace benchmark (run by bench.py against a rate-limited `djs sim` with
# added latency): list every job and remove them all, one request each, at whatever pace
# djs finds (or the --concurrency / --rate it is given). The same work as
# `sdk_bulk.py remove-all N`. A failed removal makes remove() raise, so the script exits non-zero.
let all = jobs()
remove(all)
print("requests=${1 + len(all)} jobs=${len(all)}")
