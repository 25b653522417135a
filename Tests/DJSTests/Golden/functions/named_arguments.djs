fn launch(query, every, limit) < "${query} every ${every} limit ${limit}" >
print(launch("q", every: 5s, limit: 10))
print(launch("q", limit: 1, every: 1m))
print(launch(limit: 2, query: "x", every: 1h))
