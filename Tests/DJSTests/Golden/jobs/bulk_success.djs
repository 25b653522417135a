let stopped = [for j in jobs() where j.status == "STOPPED"]
let started = start(stopped)
print(started)
print([j.status for j in jobs()])
print(start([]))
