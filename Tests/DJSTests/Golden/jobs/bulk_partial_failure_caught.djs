# Every job is attempted; the failures come back together in one catchable error.
try <
  stop(jobs())
> catch e <
  print(e.message)
  table(e.failed)
  print([j.id for j in e.succeeded])
>
print([j.status for j in jobs()])
