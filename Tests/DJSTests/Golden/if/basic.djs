let n = 5
if n > 3 < print("big") >
if n < 3 < print("small") >
if n == 5 < print("five") > else < print("not five") >
