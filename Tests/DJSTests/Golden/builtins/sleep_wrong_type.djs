sleep(1)
