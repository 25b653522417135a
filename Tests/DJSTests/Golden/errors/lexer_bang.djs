print(!true)
