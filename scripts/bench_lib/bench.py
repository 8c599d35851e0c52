"""civi's benchmark: every row runs civi and its peers on the same data in the same run.

Timings are medians of several runs (min-max shown); ratios are civi's time over the peer's
(below 1.0 means civi is faster), except where the row says otherwise. Results go to stdout and
to docs/benchmarks.md. Standard library only.
"""
import argparse
import datetime
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Sandbox:
    """A `civi serve` process on a free loopback port."""

    def __init__(self, civi, *, advocates=5000, actions=0, campaigns=24, latency=0, log=False, db=None, seed=1):
        args = [civi, "serve", "--port", "0", "--advocates", str(advocates), "--actions", str(actions),
                "--campaigns", str(campaigns), "--latency-ms", str(latency), "--seed", str(seed)]
        if log:
            args.append("--log")
        if db:
            args += ["--db", db, "--reset"]
        self.log_path = tempfile.mktemp(prefix="civi-bench-log-")
        self.log_file = open(self.log_path, "w")
        started = time.monotonic()
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log_file, text=True)
        line = self.proc.stdout.readline()
        self.startup_seconds = time.monotonic() - started
        if "serving" not in line:
            self.stop()
            raise RuntimeError("civi serve did not start: " + line + open(self.log_path).read())
        parts = line.split()
        self.base_url = next(p for p in parts if p.startswith("http://"))
        self.key = parts[-1]

    def env(self):
        env = dict(os.environ)
        env["CIVICLICK_API_KEY"] = self.key
        return env

    def args(self):
        return ["--base-url", self.base_url]

    def request_lines(self):
        self.log_file.flush()
        with open(self.log_path) as f:
            return [l for l in f if l.startswith(("GET ", "POST ", "PATCH ", "DELETE ", "PUT "))]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log_file.close()


def timed(cmd, runs, env=None, stdin=None):
    """Median/min/max wall seconds of `runs` runs of cmd (a list), after checking it succeeds."""
    times = []
    out = None
    for _ in range(runs):
        t = time.monotonic()
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, input=stdin)
        times.append(time.monotonic() - t)
        if p.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed ({p.returncode}): {p.stderr[-800:]}")
        out = p.stdout
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "out": out}


def hyperfine(commands, runs):
    """Runs hyperfine over shell command strings; returns name -> stats (seconds)."""
    path = tempfile.mktemp(suffix=".json")
    subprocess.run(["hyperfine", "-N", "--warmup", "3", "--runs", str(runs), "--export-json", path] + commands,
                   check=True, capture_output=True)
    data = json.load(open(path))
    return {r["command"]: {"median": r["median"], "min": r["min"], "max": r["max"]} for r in data["results"]}


_RSS_PROBE = (
    "import resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stdout.write(p.stdout)\n"
    "sys.stderr.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) + '\\n' + p.stderr)\n"
    "sys.exit(p.returncode)\n"
)


def peak_rss_mb(cmd, env=None):
    """Peak resident memory (MiB) of one command, measured in a fresh probe process whose only
    child is that command (RUSAGE_CHILDREN of this process would include earlier children)."""
    p = subprocess.run([sys.executable, "-c", _RSS_PROBE] + list(cmd), env=env, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{cmd} failed: {p.stderr[-800:]}")
    kb = int(p.stderr.splitlines()[0])
    return kb / 1024.0, p.stdout


class Report:
    def __init__(self):
        self.rows = []

    def add(self, row, civi, peer, value, goal, ok, note=""):
        self.rows.append({"row": row, "civi": civi, "peer": peer, "value": value, "goal": goal,
                          "ok": "yes" if ok else "NO", "note": note})
        print(f"{row:<14} {civi:<34} {peer:<44} {value:<30} {goal:<24} {'yes' if ok else 'NO'}", flush=True)

    def markdown(self, quick):
        cores = os.cpu_count()
        lines = [
            "# Benchmarks",
            "",
            f"Measured by `scripts/bench{' --quick' if quick else ''}` on {datetime.date.today().isoformat()}, "
            f"{cores} cores, release build. Every row runs civi and its peers in the same run on the same data; "
            "times are medians (min–max); a ratio is civi's time divided by the peer's (lower is better for civi).",
            "",
            "| row | civi | peer(s) | result | goal | met |",
            "|---|---|---|---|---|---|",
        ]
        for r in self.rows:
            lines.append(f"| {r['row']} | {r['civi']} | {r['peer']} | {r['value']} | {r['goal']} | {r['ok']} |")
        notes = [r for r in self.rows if r["note"]]
        if notes:
            lines += ["", "Notes:", ""]
            lines += [f"- {r['row']}: {r['note']}" for r in notes]
        return "\n".join(lines) + "\n"


def fmt(s):
    return f"{s['median']*1000:.1f} ms ({s['min']*1000:.1f}–{s['max']*1000:.1f})" if s["median"] < 1 else \
        f"{s['median']:.2f} s ({s['min']:.2f}–{s['max']:.2f})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--civi", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", help="comma-separated row names")
    a = ap.parse_args()
    civi = a.civi
    quick = a.quick
    only = set(a.only.split(",")) if a.only else None
    want = lambda name: only is None or name in only
    work = tempfile.mkdtemp(prefix="civi-bench-")
    home_env = dict(os.environ, HOME=work, XDG_DATA_HOME=work + "/data", XDG_CONFIG_HOME=work + "/config",
                    XDG_STATE_HOME=work + "/state")
    home_env.pop("CIVICLICK_API_KEY", None)
    rep = Report()
    print(f"{'row':<14} {'civi':<34} {'peer':<44} {'result':<30} {'goal':<24} met")
    runs = 3 if quick else 5

    from rows import run_rows
    run_rows(rep, civi, work, home_env, quick, runs, want, Sandbox, timed, hyperfine, peak_rss_mb, fmt)

    md = rep.markdown(quick)
    if only is None:
        path = os.path.join(ROOT, "docs", "benchmarks.md")
        # Sections measured by other tools (e.g. "## Fuzzing" from scripts/fuzz runs) are kept.
        kept = ""
        if os.path.exists(path):
            old = open(path).read()
            at = old.find("\n## ")
            kept = old[at:] if at >= 0 else ""
        with open(path, "w") as f:
            f.write(md + kept)
        print("\nwrote docs/benchmarks.md")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
