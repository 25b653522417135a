else < print(1) >
