-- Row 1: integer arithmetic and a condition in a counted loop.
local n = math.tointeger(tonumber(arg[1]))
local total = 0
for i = 0, n - 1 do
    if i % 3 == 0 then total = total + i * 2 else total = total - 1 end
end
print(total)
