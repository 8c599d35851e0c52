"""Rows that need no server: startup, queries over a 200k-advocate JSON file, reading a big file,
and the interpreter (fib(30), a 10 M-iteration loop). Each row reports civi's ratio to its best peer."""
import json
import os
import subprocess

from peers import JAQ, VENV_PYTHON, listing, program, ratio_text

FILTER_JQ = '[.[] | select(.state == "CA" and .email_opt_in)] | length'
GROUP_JQ = "group_by(.state) | map({state: .[0].state, n: length})"


def run_local_rows(rep, civi, work, env, quick, runs, want, timed, hyperfine, peak_rss_mb, fmt):
    if want("startup"):
        startup(rep, civi, quick, hyperfine)
    if want("local-filter") or want("local-group"):
        local_json(rep, civi, work, env, quick, runs, want, timed, fmt, peak_rss_mb)
    if want("read-text"):
        read_text(rep, civi, work, env, runs, timed, fmt)
    if want("interpreter"):
        interpreted(rep, "interpreter", "fib(30)", "fib", civi, env, runs, timed, fmt)
    if want("while-loop"):
        interpreted(rep, "while-loop", "10 M `while` iterations", "while_loop", civi, env, runs, timed, fmt)


def startup(rep, civi, quick, hyperfine):
    peers = {"lua5.4": "lua5.4 -e x=1", "luajit": "luajit -e x=1", "jaq": f"{JAQ} -n 1", "jq": "jq -n 1",
             "node": "node -e 1", "python3": "python3 -c 1"}
    own = f"{civi} -e 1"
    r = hyperfine([own] + list(peers.values()), 20 if quick else 40)
    c = r[own]
    stats = {k: r[v] for k, v in peers.items()}
    ms = lambda s: f"{s['median']*1000:.1f} ms ({s['min']*1000:.1f}–{s['max']*1000:.1f})"
    ok = c["median"] <= 0.005 and c["median"] <= 2.5 * stats["jaq"]["median"]
    rep.add("startup", "civi -e 1: " + ms(c), listing(stats, ms), ratio_text(c, stats, also=("jaq",)),
            "≤ 5 ms and ≤ 2.5× jaq", ok)


def local_json(rep, civi, work, env, quick, runs, want, timed, fmt, peak_rss_mb):
    n = 50_000 if quick else 200_000
    path = os.path.join(work, "advocates.json")
    if not os.path.exists(path):
        subprocess.run([civi, "serve", "--export-json", path, "--advocates", str(n)], check=True, env=env,
                       capture_output=True)
    size_mb = os.path.getsize(path) / 1e6
    civi_query = {
        "local-filter": f'read_json("{path}") | where .state == "CA" and .email_opt_in | count',
        "local-group": f'read_json("{path}") | group .state | map {{state: .key, n: .count}}',
    }
    jq_query = {"local-filter": FILTER_JQ, "local-group": GROUP_JQ}
    for name in ("local-filter", "local-group"):
        if not want(name):
            continue
        mode = "filter" if name == "local-filter" else "group"
        cmds = {
            "civi": [civi, "-e", civi_query[name]],
            "pysimdjson": [VENV_PYTHON, program("query_simdjson.py"), mode, path],
            "duckdb": [VENV_PYTHON, program("query_duckdb.py"), mode, path],
            "orjson": [VENV_PYTHON, program("query_orjson.py"), mode, path],
            "orjson gc off": [VENV_PYTHON, program("query_orjson.py"), mode, path, "gc-off"],
            "jaq": [JAQ, jq_query[name], path],
            "jq": ["jq", jq_query[name], path],
            "gojq": ["gojq", jq_query[name], path],
            "python json": ["python3", program("query_json.py"), mode, path],
        }
        res = {k: timed(v, runs, env) for k, v in cmds.items()}
        if name == "local-filter":
            answers = {k: r["out"].strip() for k, r in res.items()}
            if len(set(answers.values())) != 1:
                rep.add(name, "answers differ", json.dumps(answers), "", "", False)
                continue
        peers = {k: v for k, v in res.items() if k != "civi"}
        c = res["civi"]
        civi_mem, _ = peak_rss_mb(cmds["civi"], env)
        jq_mem, _ = peak_rss_mb(cmds["jq"], env)
        ok = c["median"] <= 0.25 and c["median"] <= peers["pysimdjson"]["median"]
        rep.add(name, f"{fmt(c)}, {civi_mem:.0f} MB", listing(peers, fmt),
                f"{ratio_text(c, peers, also=('pysimdjson', 'duckdb'))}; mem {civi_mem:.0f} vs jq {jq_mem:.0f} MB",
                "≤ 0.25 s and ≤ 1.0× pysimdjson", ok, f"{n:,} advocates, {size_mb:.0f} MB of JSON")


def read_text(rep, civi, work, env, runs, timed, fmt):
    path = os.path.join(work, "read-text.json")
    if not os.path.exists(path):
        subprocess.run([civi, "serve", "--export-json", path, "--advocates", "200000"], check=True, env=env,
                       capture_output=True)
    size = os.path.getsize(path)
    c = timed([civi, "-e", f'len(read_text("{path}"))'], runs, env)
    peers = {
        "cat": timed(["sh", "-c", f'cat "{path}" > /dev/null'], runs, env),
        "lua5.4": timed(["lua5.4", "-e", f'print(#io.open("{path}"):read("a"))'], runs, env),
    }
    rep.add("read-text", f"len(read_text(F)), {size / 1e6:.0f} MB: {fmt(c)}", listing(peers, fmt),
            ratio_text(c, peers), "≤ 30 ms (issue 15)", c["median"] <= 0.030,
            "the whole process (startup included); the file is in the page cache")


def interpreted(rep, row, what, stem, civi, env, runs, timed, fmt):
    c = timed([civi, program(stem + ".civi")], runs, env)
    peers = {
        "lua5.4": timed(["lua5.4", program(stem + ".lua")], runs, env),
        "luajit": timed(["luajit", program(stem + ".lua")], runs, env),
        "node": timed(["node", program(stem + ".js")], runs, env),
        "CPython": timed(["python3", program(stem + ".py")], runs, env),
    }
    answers = {k: r["out"].strip() for k, r in dict(peers, civi=c).items()}
    if len(set(answers.values())) != 1:
        rep.add(row, "answers differ", json.dumps(answers), "", "", False)
        return
    ok = c["median"] <= peers["lua5.4"]["median"]
    rep.add(row, f"{what}: {fmt(c)}", listing(peers, fmt), ratio_text(c, peers, also=("lua5.4", "node")),
            "≤ 1.0× lua5.4 (stretch 0.5× node)", ok, "the whole process, startup included")
