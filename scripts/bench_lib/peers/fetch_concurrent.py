"""An ideal 16-way concurrent client: the first page gives meta.total_pages, then 16 threads, each
with its own keep-alive connection, fetch and decode the remaining pages; records are counted in
page order."""
import http.client
import json
import sys
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

base, key, per, workers = sys.argv[1], sys.argv[2], 100, 16
url = urllib.parse.urlsplit(base)
local = threading.local()


def get(page):
    conn = getattr(local, "conn", None)
    if conn is None:
        conn = local.conn = http.client.HTTPConnection(url.hostname, url.port)
    conn.request("GET", f"{url.path}/advocates?per_page={per}&page={page}", headers={"Authorization": "Bearer " + key})
    resp = conn.getresponse()
    body = resp.read()
    if resp.status != 200:
        raise RuntimeError(f"page {page}: HTTP {resp.status}")
    return json.loads(body)


first = get(1)
pages = [first["data"]]
with ThreadPoolExecutor(workers) as pool:
    pages += [body["data"] for body in pool.map(get, range(2, first["meta"]["total_pages"] + 1))]
print(sum(len(p) for p in pages))
