let i = 3
while i < print(i); i = null >
