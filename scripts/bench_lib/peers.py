"""Where the peers live and how a row compares civi with the best of them.

The Debian peers (lua5.4, luajit, node, jq, gojq) are on PATH; the PyPI ones (jaq, pysimdjson,
duckdb, orjson) are in the venv scripts/bench makes under .build/. Each peer program is a file in
scripts/bench_lib/peers/ so the exact code measured can be read beside the table.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PROGRAMS = os.path.join(HERE, "peers")
VENV = os.path.join(ROOT, ".build", "venv-bench")
VENV_PYTHON = os.path.join(VENV, "bin", "python")
JAQ = os.path.join(VENV, "bin", "jaq")


def program(name):
    """The path of one peer program in scripts/bench_lib/peers/."""
    return os.path.join(PROGRAMS, name)


def best(peers):
    """The name of the fastest peer (lowest median) among name -> stats."""
    return min(peers, key=lambda k: peers[k]["median"])


def ratio_text(civi, peers, also=()):
    """civi's ratio to the best peer, then to each peer named in `also` (e.g. the goal's peer)."""
    fastest = best(peers)
    parts = [f"{civi['median'] / peers[fastest]['median']:.2f}× {fastest} (best)"]
    parts += [f"{civi['median'] / peers[k]['median']:.2f}× {k}" for k in also if k in peers and k != fastest]
    return "; ".join(parts)


def listing(peers, fmt):
    """`name: time` for every peer, fastest first."""
    return "; ".join(f"{k}: {fmt(v)}" for k, v in sorted(peers.items(), key=lambda kv: kv[1]["median"]))
