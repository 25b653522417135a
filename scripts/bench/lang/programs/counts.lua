-- Row 7: count string keys in a table. Keys are built by concatenation and tostring(): 997
-- hosts times 4 statuses make 3988 distinct keys (997 and 4 share no factor), plus a per-host
-- tally in the `or 0` form. Lua tables have no order, so each keeps a list of its keys in
-- the order they first appeared (what the others' maps do) for the checksum.
local n = math.tointeger(tonumber(arg[1]))
local statuses = {"RUNNING", "STOPPED", "COMPLETED", "FAILED"}
local counts, count_order = {}, {}
local per_host, host_order = {}, {}
for i = 0, n - 1 do
    local host = "host-" .. tostring(i % 997)
    local k = host .. "/" .. statuses[i % 4 + 1]
    local c = counts[k]
    if c then
        counts[k] = c + 1
    else
        counts[k] = 1
        count_order[#count_order + 1] = k
    end
    local h = per_host[host]
    if not h then host_order[#host_order + 1] = host end
    per_host[host] = (h or 0) + 1
end
local check = 0
for _, k in ipairs(count_order) do
    check = (check * 31 + counts[k] * #k) % 1000000007
end
for _, h in ipairs(host_order) do
    check = (check * 31 + per_host[h]) % 1000000007
end
print(#count_order .. " " .. #host_order .. " " .. check)
