let s = "héllo"
print(len(s), s[0], s[1], s[-1])
for c in "ab" < print(c) >
print("éll" in s, "ell" in s)
