fn stop() < exit(2) >
for i in range(10) < if i == 1 < stop() >; print(i) >
