-- Row 5: parse the generated job listing (with lua-cjson, Lua's usual JSON library), then
-- row 4's filter. cjson 2.1 returns every number as a float, hence math.tointeger.
local cjson = require("cjson")
local file = assert(io.open(arg[1], "rb"))
local jobs = cjson.decode(file:read("a"))
file:close()
local picked = {}
for _, j in ipairs(jobs) do
    if j.status == "RUNNING" and j.n > 500000 then picked[#picked + 1] = j end
end
table.sort(picked, function(a, b) return a.n < b.n end)
local total, check = 0, 0
for _, j in ipairs(picked) do
    total = total + math.tointeger(j.t)
    check = (check * 31 + math.tointeger(j.n)) % 1000000007
end
print(#picked .. " " .. total .. " " .. check)
