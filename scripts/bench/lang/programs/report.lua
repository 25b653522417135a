-- Row 8: report lines built by interpolation, pushed into a list and joined once. Lua has
-- no interpolation: string.format is its way of filling a template.
local n = math.tointeger(tonumber(arg[1]))
local teams = {"billing", "search", "ingest", "alerts", "exports"}
local lines = {}
for i = 0, n - 1 do
    local name = teams[i % 5 + 1]
    local count = (i * 7919) % 1000
    local pct = count * 100 // 999
    lines[#lines + 1] = string.format("%s-%d: %d jobs, %d%%", name, i, count, pct)
end
local text = table.concat(lines, "\n")
print(#lines .. " " .. #text .. " " .. lines[n // 3 + 2])
