-- Row 9: group job records into a table of lists by host, sort each group by its id (a
-- string), then walk the groups in the order they first appeared (kept in a list, as Lua
-- tables have no order). Ids are unique ((i * 7919) % 1000003 is a permutation), so
-- table.sort, which is not stable, gives the same answer as the others.
local n = math.tointeger(tonumber(arg[1]))
local records = {}
for i = 0, n - 1 do
    records[#records + 1] = {host = "host-" .. tostring(i % 500), id = "job-" .. tostring((i * 7919) % 1000003), n = i}
end
local groups, order = {}, {}
for _, r in ipairs(records) do
    local group = groups[r.host]
    if group then
        group[#group + 1] = r
    else
        groups[r.host] = {r}
        order[#order + 1] = r.host
    end
end
local check = 0
for _, host in ipairs(order) do
    local group = groups[host]
    table.sort(group, function(a, b) return a.id < b.id end)
    for _, r in ipairs(group) do
        check = (check * 31 + r.n) % 1000000007
    end
end
print(#order .. " " .. check)
