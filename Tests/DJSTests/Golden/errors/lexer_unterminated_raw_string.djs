print('never closed)
