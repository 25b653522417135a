-- Row 11: text lines split into fields: a CSV-like listing is built, split into lines and each
-- line into fields, and a numeric field is summed per status. Lua has no split: its idiom is
-- a pattern, gmatch for the lines and match for a line's fields. The totals are printed as
-- the others' JSON, in the order the statuses first appeared.
local n = math.tointeger(tonumber(arg[1]))
local statuses = {"RUNNING", "STOPPED", "COMPLETED", "FAILED"}
local rows = {}
for i = 0, n - 1 do
    rows[#rows + 1] = string.format("job-%d,%s,%d", i, statuses[i % 4 + 1], (i * 7919) % 100003)
end
local text = table.concat(rows, "\n")
local totals, order = {}, {}
local longest = ""
for line in string.gmatch(text, "[^\n]+") do
    local id, status, size = string.match(line, "^([^,]*),([^,]*),([^,]*)$")
    if not totals[status] then order[#order + 1] = status end
    totals[status] = (totals[status] or 0) + math.tointeger(tonumber(size))
    if #id > #longest then longest = id end
end
local parts = {}
for _, status in ipairs(order) do parts[#parts + 1] = string.format("%q:%d", status, totals[status]) end
print(#text .. " {" .. table.concat(parts, ",") .. "} " .. longest)
