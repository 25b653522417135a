let j = null
print(j.id)
