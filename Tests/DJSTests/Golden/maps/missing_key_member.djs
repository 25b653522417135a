let j = {"id": "x", "status": "RUNNING"}
print(j.stauts)
