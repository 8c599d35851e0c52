"""orjson: `filter` counts CA advocates who opted in to email; `group` counts advocates per state.
With `gc-off` the cycle collector is disabled first (it otherwise runs while the records are built)."""
import collections
import gc
import json
import sys

import orjson

mode, path = sys.argv[1], sys.argv[2]
if "gc-off" in sys.argv[3:]:
    gc.disable()
with open(path, "rb") as f:
    doc = orjson.loads(f.read())
if mode == "filter":
    print(sum(1 for a in doc if a["state"] == "CA" and a["email_opt_in"]))
else:
    counts = collections.Counter(a["state"] for a in doc)
    print(json.dumps([{"state": k, "n": v} for k, v in counts.items()]))
