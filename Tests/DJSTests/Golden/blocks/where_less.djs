let xs = [{"n": 5}, {"n": 500}, {"n": 50}]
for j in xs where j.n < 100 < print(j) >
