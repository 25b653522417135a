let m = {1: "one"}
