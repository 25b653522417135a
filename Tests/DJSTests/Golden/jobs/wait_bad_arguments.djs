try < wait(job("job-1"), until: "DONE") > catch e < print(e.message) >
try < wait(job("job-1"), until: "runing") > catch e < print(e.message) >
wait(job("job-1"), timeout: 10)
