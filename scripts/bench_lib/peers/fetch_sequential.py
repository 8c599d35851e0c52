"""Sequential urllib: every page of /advocates, one request after the other, following links.next."""
import json
import sys
import urllib.request

base, key, per = sys.argv[1], sys.argv[2], 100
n, page = 0, 1
while True:
    req = urllib.request.Request(f"{base}/advocates?per_page={per}&page={page}", headers={"Authorization": "Bearer " + key})
    body = json.load(urllib.request.urlopen(req))
    n += len(body["data"])
    if not body["links"]["next"]:
        break
    page += 1
print(n)
