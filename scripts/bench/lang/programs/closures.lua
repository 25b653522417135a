-- Row 10: map, filter and sort with function literals over 100k-element lists, some of
-- them capturing locals. Lua has no map or filter, so they are the usual small helpers
-- taking a function. Values are a permutation, so the sort has no ties.
local function filter(list, keep)
    local result = {}
    for _, x in ipairs(list) do
        if keep(x) then result[#result + 1] = x end
    end
    return result
end

local function map(list, f)
    local result = {}
    for i, x in ipairs(list) do result[i] = f(x) end
    return result
end

local n = math.tointeger(tonumber(arg[1]))
local xs = {}
for i = 0, n - 1 do xs[i + 1] = (i * 7919) % 1000003 end
local bound = 500000
local factor = 3
local evens = filter(xs, function(x) return x % 2 == 0 end)
local big = filter(xs, function(x) return x > bound end)
local scaled = map(big, function(x) return x * factor + 1 end)
local labels = map(evens, function(x) return x // 1000 end)
local ordered = {}
for i, x in ipairs(scaled) do ordered[i] = x end
table.sort(ordered, function(a, b) return a > b end)
local check = 0
for _, x in ipairs(ordered) do check = (check * 31 + x) % 1000000007 end
for _, x in ipairs(labels) do check = (check * 31 + x) % 1000000007 end
print(#evens .. " " .. #big .. " " .. ordered[1] .. " " .. check)
