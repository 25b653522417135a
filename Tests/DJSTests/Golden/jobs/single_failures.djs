try < stop("job-6") > catch e < print(e.message) >
try < job("job-404") > catch e < print(e.message) >
try < stop(42) > catch e < print(e.message) >
remove(job("job-4"))
job("job-4")
