let d = 1h2
