"""DuckDB over the JSON file: `filter` counts CA advocates who opted in to email; `group` counts
advocates per state."""
import json
import sys

import duckdb

mode, path = sys.argv[1], sys.argv[2]
source = f"read_json('{path}', format = 'array')"
if mode == "filter":
    print(duckdb.sql(f"SELECT count(*) FROM {source} WHERE state = 'CA' AND email_opt_in").fetchall()[0][0])
else:
    rows = duckdb.sql(f"SELECT state, count(*) FROM {source} GROUP BY state").fetchall()
    print(json.dumps([{"state": s, "n": n} for s, n in rows]))
