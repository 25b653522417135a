-- Row 3: a million appends of an interpolated piece, then the length of the whole.
-- Lua strings have no in-place append (`s = s .. x` copies all of s every time, which is
-- quadratic), so the Lua idiom for appending is a table of pieces joined once at the end.
local n = math.tointeger(tonumber(arg[1]))
local pieces = {}
for i = 0, n - 1 do
    pieces[#pieces + 1] = "job-" .. i .. ":" .. (i % 7) .. ";"
end
print(#table.concat(pieces))
