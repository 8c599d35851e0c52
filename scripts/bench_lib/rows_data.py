"""Rows for building values: appends in a loop, CSV memory."""
import os
import subprocess

APPEND_LIST_CIVI = "xs = []; for i in range({n}) {{ xs += [{{i: i}}] }}; len(xs)"
APPEND_LIST_PY = "xs = []\nfor i in range({n}):\n    xs.append({{'i': i}})\nprint(len(xs))"
APPEND_STR_CIVI = 's = ""; for i in range({n}) {{ s += "x" }}; len(s)'
APPEND_STR_NODE = 'let s = ""; for (let i = 0; i < {n}; i++) {{ s += "x" }}; console.log(s.length)'
APPEND_STR_PY = "s = ''\nfor i in range({n}):\n    s += 'x'\nprint(len(s))"

CSV_ROW = "adv_{i:08d},First{i},Last{i},person{i}@example.org,+1202555{p:04d},{i} Main Street,Springfield,CA,9{z:04d},true\n"


def run_data_rows(rep, civi, work, env, quick, runs, want, timed, fmt, peak_rss_mb):
    if want("append-list"):
        append_list(rep, civi, env, quick, runs, timed, fmt)
    if want("append-string"):
        append_string(rep, civi, env, quick, runs, timed, fmt)
    if want("csv-memory"):
        csv_memory(rep, civi, work, env, quick, peak_rss_mb)


def append_list(rep, civi, env, quick, runs, timed, fmt):
    n = 200_000 if quick else 1_000_000
    c = timed([civi, "-e", APPEND_LIST_CIVI.format(n=n)], runs, env)
    p = timed(["python3", "-c", APPEND_LIST_PY.format(n=n)], runs, env)
    assert c["out"].strip() == p["out"].strip() == str(n), (c["out"], p["out"])
    ratio = c["median"] / p["median"]
    rep.add("append-list", f"{n:,} `xs += [{{i: i}}]`: {fmt(c)}", "CPython append: " + fmt(p),
            f"{ratio:.2f}× CPython", "≤ 1.5× CPython", ratio <= 1.5)


def append_string(rep, civi, env, quick, runs, timed, fmt):
    n = 200_000 if quick else 1_000_000
    c = timed([civi, "-e", APPEND_STR_CIVI.format(n=n)], runs, env)
    node = timed(["node", "-e", APPEND_STR_NODE.format(n=n)], runs, env)
    p = timed(["python3", "-c", APPEND_STR_PY.format(n=n)], runs, env)
    assert c["out"].strip() == node["out"].strip() == p["out"].strip() == str(n)
    ratio = c["median"] / node["median"]
    rep.add("append-string", f'{n:,} `s += "x"`: {fmt(c)}', f"node: {fmt(node)}; CPython: {fmt(p)}",
            f"{ratio:.2f}× node", "≤ 1.5× node", ratio <= 1.5)


def csv_memory(rep, civi, work, env, quick, peak_rss_mb):
    rows = 300_000 if quick else 1_000_000
    path = os.path.join(work, "advocates.csv")
    with open(path, "w") as f:
        f.write("id,first_name,last_name,email,phone,address1,city,state,zip,email_opt_in\n")
        for i in range(rows):
            f.write(CSV_ROW.format(i=i, p=i % 10000, z=i % 10000))
    size_mb = os.path.getsize(path) / (1 << 20)
    stream_mb, out = peak_rss_mb([civi, "-e", f'read_csv("{path}", {{stream: true}}) | where .state == "CA" | count'], env)
    assert out.strip() == str(rows), out
    held_mb, out = peak_rss_mb([civi, "-e", f'rows = read_csv("{path}"); len(rows)'], env)
    assert out.strip() == str(rows), out
    rep.add("csv-memory", f"{size_mb:.0f} MiB CSV: streamed {stream_mb:.0f} MiB; as a list {held_mb:.0f} MiB", "—",
            f"{stream_mb / size_mb:.2f}× the file streamed ({held_mb / size_mb:.2f}× held as records)",
            "≤ 2× the file size", stream_mb <= 2 * size_mb,
            f"{rows:,} rows of 10 fields; `read_csv(f, {{stream: true}})` streams, the default list holds every record")
