# An ordering with null on either side is false, as in SQL's WHERE: a filter skips such values.
let j = {"n": null}
if j.n > 5 < print("big") > else < print("not big") >
print(null < 1, null <= 1, null > 1, null >= 1, 1 < null, null < null)
print(null == null, null != 1)
let sent = [{"last": 3}, {"last": null}, {"last": 9}]
print([for s in sent where s.last < 5])
print([for s in sent where not (s.last < 5)])
