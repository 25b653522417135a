let j = {"n": null}
if j.n > 5 < print("big") >
