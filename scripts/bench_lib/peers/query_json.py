"""CPython's json module: `filter` counts CA advocates who opted in to email; `group` counts advocates per state."""
import collections
import json
import sys

mode, path = sys.argv[1], sys.argv[2]
with open(path) as f:
    doc = json.load(f)
if mode == "filter":
    print(sum(1 for a in doc if a["state"] == "CA" and a["email_opt_in"]))
else:
    counts = collections.Counter(a["state"] for a in doc)
    print(json.dumps([{"state": k, "n": v} for k, v in counts.items()]))
