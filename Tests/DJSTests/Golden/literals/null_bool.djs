print(null, true, false)
print([null, true, false])
print(type(null), type(true))
