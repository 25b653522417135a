let j = {"id": "job-1", "status": "RUNNING", "n": 3}
print("job ${j.id} is ${j.status}")
print("sum ${1 + 2}, list ${[1, "a"]}, map ${ {"k": 1} }")
print("nested ${"inner ${j.n * 2}"}")
print("null ${null} bool ${true} float ${1.5} dur ${90s}")
print("${j.n > 2} ${j.n < 2}")
print("not interpolated: \${j.id} and $ alone and {braces}")
