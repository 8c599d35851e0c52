"""A fake API for the export tests: the first POST is processed and then answered 503 (as a
gateway that timed out would), later ones 201. Prints its port, then, when standard input
closes, the Idempotency-Key of every POST it saw as a JSON list."""
import http.server
import json
import sys
import threading

keys = []


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        keys.append(self.headers.get("Idempotency-Key"))
        if len(keys) == 1:
            self.answer(503, {"error": {"code": "unavailable", "message": "busy"}}, [("Retry-After", "0")])
            return
        record = json.loads(body)
        record["id"] = "adv_0000000001"
        self.answer(201, {"data": record})

    def answer(self, status, payload, headers=()):
        data = json.dumps(payload).encode()
        self.send_response(status)
        for name, value in [("Content-Type", "application/json"), ("Content-Length", str(len(data)))] + list(headers):
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_port, flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
print(json.dumps(keys), flush=True)
