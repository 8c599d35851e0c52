"""Rows for `civi export`: how long exporting takes, and how fast the exported programs page."""
import os
import subprocess

EXPR = "len(advocates() | collect)"


def run_export_rows(rep, civi, work, env, quick, runs, want, Sandbox, timed, fmt):
    if want("export-time"):
        export_time(rep, civi, work, env, runs, timed, fmt)
    if want("export-fetch"):
        export_fetch(rep, civi, work, env, quick, Sandbox, timed, fmt)


def corpus_scripts_by_size():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    corpus = os.path.join(root, "Tests", "ExportCorpus")
    paths = [os.path.join(corpus, n) for n in os.listdir(corpus) if n.endswith(".civi")]
    return sorted(paths, key=os.path.getsize, reverse=True)


def export_time(rep, civi, work, env, runs, timed, fmt):
    scripts = corpus_scripts_by_size()
    script = scripts[0]
    out = os.path.join(work, "export-time.py")
    c = timed([civi, "export", "--to", "python", script, "-o", out], runs, env)
    j = timed([civi, "export", "--to", "js", script, "-o", out + ".mjs"], runs, env)
    # Swift covers a subset: its row times the largest corpus script inside that subset.
    swift_out = os.path.join(work, "export-time.swift")
    in_subset = next(p for p in scripts if subprocess.run([civi, "export", "--to", "swift", p, "-o", swift_out],
                                                          env=env, capture_output=True).returncode == 0)
    w = timed([civi, "export", "--to", "swift", in_subset, "-o", swift_out], runs, env)
    rep.add("export-time", f"{os.path.basename(script)} → Python: {fmt(c)}",
            f"→ JavaScript: {fmt(j)}; {os.path.basename(in_subset)} → Swift: {fmt(w)}",
            fmt(max((c, j, w), key=lambda t: t["median"])), "< 50 ms",
            max(c["median"], j["median"], w["median"]) < 0.050, "the whole `civi export` process, startup included")


def export_fetch(rep, civi, work, env, quick, Sandbox, timed, fmt):
    n = 10_000 if quick else 50_000
    sb = Sandbox(civi, advocates=n, latency=20)
    try:
        e = sb.env()
        e.update({k: v for k, v in env.items() if k.startswith(("HOME", "XDG"))})
        e["CIVICLICK_BASE_URL"] = sb.base_url
        py, js = os.path.join(work, "fetch.py"), os.path.join(work, "fetch.mjs")
        subprocess.run([civi, "export", "--to", "python", "-e", EXPR, "-o", py], env=e, check=True, capture_output=True)
        subprocess.run([civi, "export", "--to", "js", "-e", EXPR, "-o", js], env=e, check=True, capture_output=True)
        c = timed([civi] + sb.args() + ["-e", EXPR], 1, e)
        p = timed(["python3", py], 1, e)
        j = timed(["node", js], 1, e)
        assert c["out"].strip() == p["out"].strip() == j["out"].strip() == str(n), (c["out"], p["out"], j["out"])
        worst = max(p["median"], j["median"]) / c["median"]
        rep.add("export-fetch", f"{n:,} advocates, civi: {fmt(c)}", f"exported Python: {fmt(p)}; JavaScript: {fmt(j)}",
                f"{worst:.2f}× civi (slower of the two)", "≤ 1.5× civi", worst <= 1.5,
                "sandbox --latency-ms 20; the exported programs page concurrently once meta.total is known")
    finally:
        sb.stop()
