let jobs = [{"id": "a", "status": "RUNNING"}, {"id": "b", "status": "STOPPED"}, {"id": "c", "status": "RUNNING"}]
let running = [for j in jobs where j.status == "RUNNING"]
print(len(running), [j.id for j in running])
