table(jobs(), "id", "stat")
