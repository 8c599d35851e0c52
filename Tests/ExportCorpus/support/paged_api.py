"""A fake API for the export tests that watches how a program pages. GET /advocates serves
TOTAL records (ids adv_0000000001 on, in order) with meta.total, each page after a short random
delay so pages finish out of order; GET /odd and /plain serve JSON bodies that tell integers from
floats, hold long integers, all-digit keys and dates. Prints its port, then, when standard input
closes, what it saw as JSON: connections opened, requests answered, the most requests in flight
at once, whether page 1 was answered before any other request started, and how often each page
was asked for.
With --close-idle, every connection is closed after one answer (without saying so), as a server
that drops idle keep-alive connections does."""
import http.server
import json
import random
import sys
import threading
import time
import urllib.parse

TOTAL = 4000
CLOSE_IDLE = "--close-idle" in sys.argv
ODD = ('{"data": {"f": 1.0, "g": 2.5e3, "h": -0.5, "big": 12345678901234567, "neg": -0, '
       '"keys": {"2": "b", "1": "a", "x": 1}, "when_at": ["2026-01-01T00:00:00Z", "not a date"], '
       '"bad_at": "2026-02-30T00:00:00Z", "leap_at": "2026-12-31T23:59:60Z", '
       '"nested": [{"seen_at": "2026-03-01T12:00:00.250+02:00"}], "s": "x: 1.5, \\"3e4\\": y"}}')
PLAIN = ('{"data": {"a": 1, "b": [1, -2, 3], "c_at": "2026-01-01T10:00:00Z", '
         '"d": {"e_at": ["2026-02-28T23:59:59Z", "1999-12-31"]}, "neg": -0, "t": true, "n": null, '
         '"s": "caf\\u00e9 \\"q\\""}}')

lock = threading.Lock()
stats = {"connections": 0, "requests": 0, "in_flight": 0, "max_in_flight": 0, "page1_done": False,
         "first_alone": True, "pages": {}}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        with lock:
            stats["connections"] += 1

    def do_GET(self):
        with lock:
            stats["requests"] += 1
        url = urllib.parse.urlsplit(self.path)
        if url.path.endswith("/odd") or url.path.endswith("/plain"):
            self.answer(ODD if url.path.endswith("/odd") else PLAIN)
            return
        query = dict(urllib.parse.parse_qsl(url.query))
        page, per_page = int(query.get("page", "1")), int(query.get("per_page", "100"))
        with lock:
            stats["in_flight"] += 1
            stats["max_in_flight"] = max(stats["max_in_flight"], stats["in_flight"])
            stats["pages"][page] = stats["pages"].get(page, 0) + 1
            if page != 1 and not stats["page1_done"]:
                stats["first_alone"] = False
        time.sleep(random.uniform(0.005, 0.02))
        first = (page - 1) * per_page + 1
        last = min(TOTAL, page * per_page)
        records = [{"id": "adv_%010d" % n, "n": n} for n in range(first, last + 1)]
        pages = (TOTAL + per_page - 1) // per_page
        body = {"data": records, "meta": {"page": page, "per_page": per_page, "total": TOTAL, "total_pages": pages},
                "links": {"next": "/advocates?page=%d&per_page=%d" % (page + 1, per_page) if page < pages else None}}
        with lock:
            stats["in_flight"] -= 1
            if page == 1:
                stats["page1_done"] = True
        self.answer(json.dumps(body))

    def answer(self, text):
        data = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        if CLOSE_IDLE:
            self.close_connection = True

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_port, flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
with lock:
    print(json.dumps({k: stats[k] for k in ("connections", "requests", "max_in_flight", "first_alone", "pages")}), flush=True)
