"""The rows that talk to a sandbox, plus the decode row (see bench.py for the harness)."""
import json
import os
import subprocess
import time

from peers import program

PY_PATCH = r'''
import json, sys, urllib.request
base, key, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ids, page = [], 1
while len(ids) < n:
    req = urllib.request.Request(f"{base}/advocates?per_page=100&page={page}", headers={"Authorization": "Bearer " + key})
    ids += [a["id"] for a in json.load(urllib.request.urlopen(req))["data"]]
    page += 1
for i in ids[:n]:
    req = urllib.request.Request(f"{base}/advocates/{i}", data=json.dumps({"email_opt_in": True}).encode(),
                                 method="PATCH", headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
print(n)
'''


def run_rows(rep, civi, work, env, quick, runs, want, Sandbox, timed, hyperfine, peak_rss_mb, fmt):
    if want("stream-memory"):
        stream_memory(rep, civi, env, quick, Sandbox, peak_rss_mb)
    from rows_local import run_local_rows
    run_local_rows(rep, civi, work, env, quick, runs, want, timed, hyperfine, peak_rss_mb, fmt)
    if want("fetch-all"):
        fetch_all(rep, civi, env, quick, Sandbox, timed, fmt)
    if want("take-count"):
        take_count(rep, civi, env, Sandbox)
    if want("bulk-update"):
        bulk_update(rep, civi, env, quick, Sandbox, timed, fmt)
    if want("journal"):
        journal_overhead(rep, civi, env, quick, runs, Sandbox, timed, fmt)
    if want("sandbox"):
        sandbox_wrk(rep, civi, quick, Sandbox)
    if want("seed"):
        seed(rep, civi, work, quick, Sandbox)
    if want("decode"):
        decode(rep, civi, work, env)
    from rows_data import run_data_rows
    run_data_rows(rep, civi, work, env, quick, runs, want, timed, fmt, peak_rss_mb)
    from rows_export import run_export_rows
    run_export_rows(rep, civi, work, env, quick, runs, want, Sandbox, timed, fmt)


def fetch_all(rep, civi, env, quick, Sandbox, timed, fmt):
    n = 10_000 if quick else 50_000
    sb = Sandbox(civi, advocates=n, latency=20)
    try:
        e = sb.env()
        e.update({k: v for k, v in env.items() if k.startswith(("HOME", "XDG"))})
        c = timed([civi] + sb.args() + ["-e", "len(advocates() | collect)"], 1, e)
        seq = timed(["python3", program("fetch_sequential.py"), sb.base_url, sb.key], 1, e)
        ideal = timed(["python3", program("fetch_concurrent.py"), sb.base_url, sb.key], 1, e)
        assert c["out"].strip() == seq["out"].strip() == ideal["out"].strip() == str(n), (c["out"], seq["out"], ideal["out"])
        speedup = seq["median"] / c["median"]
        to_ideal = c["median"] / ideal["median"]
        rep.add("fetch-all", f"{n:,} advocates: {fmt(c)}",
                f"sequential urllib: {fmt(seq)}; ideal 16-way Python: {fmt(ideal)}",
                f"{speedup:.1f}× faster than sequential; {to_ideal:.2f}× ideal 16-way (best)",
                "≥ 10× sequential, ≤ 1.3× ideal", speedup >= 10 and to_ideal <= 1.3,
                "sandbox --latency-ms 20, per_page 100")
    finally:
        sb.stop()


def take_count(rep, civi, env, Sandbox):
    sb = Sandbox(civi, advocates=2000, log=True)
    try:
        e = sb.env()
        e.update({k: v for k, v in env.items() if k.startswith(("HOME", "XDG"))})
        before = len(sb.request_lines())
        subprocess.run([civi] + sb.args() + ["-e", "advocates() | take 250 | collect | len"], env=e, check=True, capture_output=True)
        time.sleep(0.2)
        take = len(sb.request_lines()) - before
        before = len(sb.request_lines())
        subprocess.run([civi] + sb.args() + ["-e", 'advocates(state: "CA") | count'], env=e, check=True, capture_output=True)
        time.sleep(0.2)
        count = len(sb.request_lines()) - before
        before = len(sb.request_lines())
        subprocess.run([civi] + sb.args() + ["-e", 'advocates() | where .state == "CA" | count'], env=e, check=True, capture_output=True)
        time.sleep(0.2)
        pushed = len(sb.request_lines()) - before
        rep.add("take/count", "take 250 / count(state)", "—", f"requests = {take} / {count}",
                "3 / 1", take == 3 and count == 1,
                f"counted from the sandbox's request log; `advocates() | where .state == \"CA\" | count` took {pushed} "
                "requests: a string equality is not pushed down because the server's `state` filter may match more "
                "loosely (case), see docs/language.md")
    finally:
        sb.stop()


def bulk_update(rep, civi, env, quick, Sandbox, timed, fmt):
    n = 200 if quick else 2000
    sb = Sandbox(civi, advocates=n + 100, latency=20)
    try:
        e = sb.env()
        e.update({k: v for k, v in env.items() if k.startswith(("HOME", "XDG"))})
        par = timed([civi] + sb.args() + ["-e", f"advocates() | take {n} | parallel 16 update(it, {{email_opt_in: true}}) | count"], 1, e)
        seq = timed([civi] + sb.args() + ["-e", f"advocates() | take {n} | each update(it, {{sms_opt_in: false}})"], 1, e)
        py = timed(["python3", "-c", PY_PATCH, sb.base_url, sb.key, str(n)], 1, e)
        s1 = seq["median"] / par["median"]
        s2 = py["median"] / par["median"]
        rep.add("bulk-update", f"{n:,} PATCH, parallel 16: {fmt(par)}", f"civi each: {fmt(seq)}; urllib: {fmt(py)}",
                f"{s1:.1f}× / {s2:.1f}× faster", "≥ 13× sequential (issue 15)", min(s1, s2) >= 13, "sandbox --latency-ms 20")
    finally:
        sb.stop()


def journal_overhead(rep, civi, env, quick, runs, Sandbox, timed, fmt):
    """The write journal's cost on a bulk update: the same PATCHes with and without --no-journal."""
    n = 200 if quick else 2000
    sb = Sandbox(civi, advocates=n + 100, latency=20)
    try:
        e = sb.env()
        e.update({k: v for k, v in env.items() if k.startswith(("HOME", "XDG"))})
        script = f"advocates() | take {n} | parallel 16 update(it, {{email_opt_in: true}}) | count"
        on, off = [], []
        # Alternated, so that a slower stretch of the machine does not land on one side only.
        for _ in range(runs):
            on.append(timed([civi] + sb.args() + ["-e", script], 1, e)["median"])
            off.append(timed([civi] + sb.args() + ["--no-journal", "-e", script], 1, e)["median"])
        stats = lambda xs: {"median": sorted(xs)[len(xs) // 2], "min": min(xs), "max": max(xs)}
        j, nj = stats(on), stats(off)
        slower = (j["median"] / nj["median"] - 1) * 100
        rep.add("journal", f"{n:,} PATCH, parallel 16, journal: {fmt(j)}", f"--no-journal: {fmt(nj)}",
                f"{slower:+.1f} %", "≤ 5 % slower", slower <= 5, "sandbox --latency-ms 20")
    finally:
        sb.stop()


def stream_memory(rep, civi, env, quick, Sandbox, peak_rss_mb):
    n = 50_000 if quick else 200_000
    sb = Sandbox(civi, advocates=n)
    try:
        e = sb.env()
        e.update({k: v for k, v in env.items() if k.startswith(("HOME", "XDG"))})
        mb, out = peak_rss_mb([civi] + sb.args() + ["-e", "n = 0; for a in advocates() { n += 1 }; n"], e)
        assert out.strip() == str(n), out
        rep.add("stream-memory", f"for over {n:,} advocates", "—", f"peak RSS {mb:.0f} MB", "< 60 MB", mb < 60)
    finally:
        sb.stop()


def sandbox_wrk(rep, civi, quick, Sandbox):
    sb = Sandbox(civi, advocates=5000)
    try:
        first = json.load(urllib_get(sb, "/advocates?per_page=1"))["data"][0]["id"]
        results = []
        for path in (f"/advocates/{first}", "/advocates?per_page=100"):
            p = subprocess.run(["wrk", "-t2", "-c32", "-d5s" if quick else "-d10s", "--latency",
                                "-H", f"Authorization: Bearer {sb.key}", sb.base_url + path], capture_output=True, text=True, check=True)
            rps = float(next(l for l in p.stdout.splitlines() if l.startswith("Requests/sec")).split()[1])
            p99 = next((l.split()[1] for l in p.stdout.splitlines() if l.strip().startswith("99%")), "?")
            results.append((path, rps, p99))
        single = results[0][1]
        rep.add("sandbox", "wrk GET /advocates/{id}", "—",
                f"{single:,.0f} req/s (p99 {results[0][2]}); list of 100: {results[1][1]:,.0f} req/s (p99 {results[1][2]})",
                "≥ 10k req/s", single >= 10_000, "wrk -t2 -c32 on the same 2 cores as the server")
    finally:
        sb.stop()


def urllib_get(sb, path):
    import urllib.request
    req = urllib.request.Request(sb.base_url + path, headers={"Authorization": "Bearer " + sb.key})
    return urllib.request.urlopen(req)


def seed(rep, civi, work, quick, Sandbox):
    n = 200_000 if quick else 1_000_000
    db = os.path.join(work, "seed.sqlite")
    sb = Sandbox(civi, advocates=n, actions=40_000, db=db)
    secs = sb.startup_seconds
    sb.stop()
    rep.add("seed", f"{n:,} advocates into SQLite", "—", f"{secs:.1f} s", "< 60 s for 1,000,000", secs < 60)


def decode(rep, civi, work, env):
    # Built beside civi by scripts/bench (the benchmark is its own executable, not part of civi).
    bench = os.path.join(os.path.dirname(civi), "civi-decode-bench")
    p = subprocess.run([bench], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        rep.add("decode", "JSONReader", "JSONSerialization", "failed: " + p.stderr[-200:], "faster", False)
        return
    r = json.loads(p.stdout)
    rep.add("decode", f"JSONReader → Value: {r['civi_mb_s']:.0f} MB/s", f"JSONSerialization: {r['foundation_mb_s']:.0f} MB/s",
            f"{r['civi_mb_s'] / r['foundation_mb_s']:.1f}× faster", "faster than Foundation", r["civi_mb_s"] > r["foundation_mb_s"],
            f"{r['megabytes']:.0f} MB of advocate pages")
