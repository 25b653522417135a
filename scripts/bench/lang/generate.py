#!/usr/bin/env python3
"""Writes the generated benchmark inputs into a folder (normally .build-bench/lang).

    generate.py OUT_DIR JSON_BYTES SCRIPT_BYTES

- jobs.json: a job listing of about JSON_BYTES, shaped like Devo's (row 5), and parsejson.djs,
  the djs program of row 5 with the listing embedded as a raw string (djs scripts cannot
  read files, so the text travels inside the script, which djs must also lex).
- parse.djs, parse.py, parse.lua: one program of about SCRIPT_BYTES in each language (row 6),
  the same functions written three ways; run, each prints the same checksum.

Output is deterministic: the same sizes give byte-identical files.
"""
import json
import os
import sys

STATUSES = ["RUNNING", "STOPPED", "COMPLETED", "FAILED", "PAUSED"]


def job(i):
    return {
        "id": f"job-{i:07d}",
        "status": STATUSES[i % len(STATUSES)],
        "friendlyName": f"export of the activity of team {i % 97}",
        "type": "query",
        "query": f"from siem.logtrust.web.activity where statusCode >= {400 + i % 100} select eventdate, srcHost, method, url",
        "owner": f"user{i % 31}@example.com",
        "domain": "acme",
        "eventsSent": (i * 104729) % 10000000,
        "n": (i * 7919) % 1000003,
        "t": 1700000000 + i,
        "extra": {"dest": "s3", "paused": i % 11 == 0, "ratio": (i % 1000) / 8},
    }


def write_json(out, size):
    pieces, total, i = [], 2, 0
    while total < size:
        piece = json.dumps(job(i), separators=(",", ":"))
        pieces.append(piece)
        total += len(piece) + 2
        i += 1
    # One job per line, as listings usually come; no single quotes anywhere (see parsejson.djs).
    text = "[\n" + ",\n".join(pieces) + "\n]\n"
    assert "'" not in text
    with open(os.path.join(out, "jobs.json"), "w") as f:
        f.write(text)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "programs", "parsejson.tail.djs")) as f:
        tail = f.read()
    with open(os.path.join(out, "parsejson.djs"), "w") as f:
        f.write("let text = '" + text + "'\n" + tail)


def djs_function(k):
    return f"""fn f{k}(a, b) <
    let x = a * 3 + b - {k % 1000}
    let items = [a, b, x, "s{k}"]
    let m = {{id: "job-{k}", n: x % 1000, ok: a < b}}
    for i in range(0, 3) where i != 1 <
        if x % 2 == 0 < x = x + i > else if x > 10 < x = x - i > else < x = x * 2 >
    >
    while x > 1000 < x = x / 2 >
    return x + len(items) + m.n
>
"""


def py_function(k):
    return f"""def f{k}(a, b):
    x = a * 3 + b - {k % 1000}
    items = [a, b, x, "s{k}"]
    m = {{"id": "job-{k}", "n": x % 1000, "ok": a < b}}
    for i in range(0, 3):
        if i != 1:
            if x % 2 == 0:
                x = x + i
            elif x > 10:
                x = x - i
            else:
                x = x * 2
    while x > 1000:
        x = x // 2
    return x + len(items) + m["n"]
"""


def lua_function(k):
    return f"""local function f{k}(a, b)
    local x = a * 3 + b - {k % 1000}
    local items = {{a, b, x, "s{k}"}}
    local m = {{id = "job-{k}", n = x % 1000, ok = a < b}}
    for i = 0, 2 do
        if i ~= 1 then
            if x % 2 == 0 then x = x + i elseif x > 10 then x = x - i else x = x * 2 end
        end
    end
    while x > 1000 do x = x // 2 end
    return x + #items + m.n
end
"""


def write_scripts(out, size):
    # The arguments keep every x positive, so djs's truncating '/' and the floor division of
    # Python and Lua agree. Lua allows 200 locals per function, so its functions go in
    # chunks of 150, each a `do … end` block that adds to a shared total.
    count = max(1, size // len(djs_function(10**6)))
    calls = [(k, 1000 + k % 50, 2000 + k % 70) for k in range(count)]
    with open(os.path.join(out, "parse.djs"), "w") as f:
        for k in range(count):
            f.write(djs_function(k))
        f.write("let total = 0\n")
        for k, a, b in calls:
            f.write(f"total = total + f{k}({a}, {b})\n")
        f.write("print(total)\n")
    with open(os.path.join(out, "parse.py"), "w") as f:
        for k in range(count):
            f.write(py_function(k))
        f.write("total = 0\n")
        for k, a, b in calls:
            f.write(f"total = total + f{k}({a}, {b})\n")
        f.write("print(total)\n")
    with open(os.path.join(out, "parse.lua"), "w") as f:
        f.write("local total = 0\n")
        for start in range(0, count, 150):
            f.write("do\n")
            for k in range(start, min(count, start + 150)):
                f.write(lua_function(k))
            for k, a, b in calls[start:start + 150]:
                f.write(f"total = total + f{k}({a}, {b})\n")
            f.write("end\n")
        f.write("print(total)\n")


def main():
    out, json_bytes, script_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    write_json(out, json_bytes)
    write_scripts(out, script_bytes)


main()
