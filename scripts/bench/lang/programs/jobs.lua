-- Row 4: build job-shaped maps, keep the running ones above a bound, sort by n, sum a field.
local n = math.tointeger(tonumber(arg[1]))
local statuses = {"RUNNING", "STOPPED", "COMPLETED", "FAILED"}
local jobs = {}
for i = 0, n - 1 do
    jobs[#jobs + 1] = {id = "job-" .. i, status = statuses[i % 4 + 1], n = (i * 7919) % 1000003, t = 1700000000 + i}
end
local picked = {}
for _, j in ipairs(jobs) do
    if j.status == "RUNNING" and j.n > 500000 then picked[#picked + 1] = j end
end
table.sort(picked, function(a, b) return a.n < b.n end)
local total, check = 0, 0
for _, j in ipairs(picked) do
    total = total + j.t
    check = (check * 31 + j.n) % 1000000007
end
print(#picked .. " " .. total .. " " .. check)
