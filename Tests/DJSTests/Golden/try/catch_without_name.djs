try < print(1) > catch < print(2) >
