print("ab" * -1)
