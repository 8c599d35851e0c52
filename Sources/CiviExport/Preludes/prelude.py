# civi's runtime for exported Python programs (Python 3.9+, standard library only).
# The exporter copies only the sections a program uses: each starts with a line
# "# @section NAME needs: OTHER ..." and runs to the next such line.

# @section core needs:
import datetime
import functools
import json
import math
import os
import re
import sys

INT_MIN, INT_MAX = -(2 ** 63), 2 ** 63 - 1
# civi recurses as deep as its 256 MB stack allows; Python's default of 1,000 frames is too few.
sys.setrecursionlimit(20000)
KEYWORDS = {"if", "else", "for", "in", "while", "break", "continue", "fn", "return",
            "try", "catch", "and", "or", "not", "true", "false", "null"}


class CiviError(Exception):
    """An error a civi `catch` can handle: API failures carry status, code, fields and request id."""

    def __init__(self, message, status=None, code=None, fields=None, request_id=None):
        super().__init__(message)
        self.message, self.status, self.code = message, status, code
        self.fields, self.request_id = fields, request_id

    def record(self):
        fields = None if self.fields is None else dict(sorted(self.fields.items()))
        return {"message": self.message, "status": self.status, "code": self.code,
                "fields": fields, "request_id": self.request_id, "line": None}


class Date:
    """An instant (seconds since 1970, UTC); prints as ISO-8601 with milliseconds when not whole."""
    __slots__ = ("seconds",)

    def __init__(self, seconds):
        self.seconds = float(seconds)

    def __eq__(self, other):
        return isinstance(other, Date) and other.seconds == self.seconds

    def __hash__(self):
        return hash(("date", self.seconds))

    def iso(self):
        whole = math.floor(self.seconds)
        millis = math.floor((self.seconds - whole) * 1000 + 0.5)
        if millis == 1000:
            whole, millis = whole + 1, 0
        t = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=whole)
        text = "%04d-%02d-%02dT%02d:%02d:%02d" % (t.year, t.month, t.day, t.hour, t.minute, t.second)
        return text + (".%03d" % millis if millis else "") + "Z"


ISO_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?)?(Z|z|[+-]\d\d(?::?\d\d)?)?$")


def parse_date(text):
    """The Date an ISO-8601 text stands for, or None."""
    m = ISO_DATE.match(text)
    if not m:
        return None
    y, mo, d, h, mi, s, frac, zone = m.groups()
    try:
        day = datetime.date(int(y), int(mo), int(d)).toordinal() - datetime.date(1970, 1, 1).toordinal()
    except ValueError:
        return None
    if int(h or 0) > 23 or int(mi or 0) > 59 or int(s or 0) > 60:
        return None
    seconds = day * 86400 + int(h or 0) * 3600 + int(mi or 0) * 60 + int(s or 0) + float(frac or 0)
    if zone and zone not in ("Z", "z"):
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        seconds -= sign * (int(digits[:2]) * 3600 + int(digits[2:4] or 0) * 60)
    return Date(seconds)


def type_name(v):
    if v is None:
        return "null"
    t = type(v)
    if t is bool:
        return "bool"
    if t is int:
        return "int"
    if t is float:
        return "float"
    if t is str:
        return "string"
    if t is Date:
        return "date"
    if t is list:
        return "list"
    if t is dict:
        return "record"
    if isinstance(v, Query):
        return "stream"
    return "function"


def truthy(v):
    """civi's truth: only null and false are false."""
    return v is not None and v is not False


def fmt_float(d):
    if math.isnan(d):
        return "nan"
    if math.isinf(d):
        return "-inf" if d < 0 else "inf"
    return repr(d)


def is_identifier(key):
    return (key not in KEYWORDS and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) is not None)


def quote(s):
    out = ['"']
    for n, ch in enumerate(s):
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "$" and s[n + 1:n + 2] == "{":
            out.append("\\$")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\u{%X}" % ord(ch))
        else:
            out.append(ch)
    return "".join(out) + '"'


def repr_value(v):
    """The literal form civi prints inside lists and records (strings quoted)."""
    t = type(v)
    if v is None:
        return "null"
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return str(v)
    if t is float:
        return fmt_float(v)
    if t is str:
        return quote(v)
    if t is Date:
        return v.iso()
    if t is list:
        return "[" + ", ".join(repr_value(x) for x in v) + "]"
    if t is dict:
        return "{" + ", ".join((k if is_identifier(k) else quote(k)) + ": " + repr_value(x) for k, x in v.items()) + "}"
    if isinstance(v, Query):
        return "<stream " + v.label + ">"
    return "<fn " + getattr(v, "__name__", "lambda") + ">"


def text(v):
    """What `print` and interpolation show: a string as itself, anything else as its literal."""
    return v if type(v) is str else repr_value(v)


def civi_print(*values):
    sys.stdout.write(" ".join(text(v) for v in values) + "\n")


def civi_eprint(*values):
    sys.stderr.write(" ".join(text(v) for v in values) + "\n")


ARGS = sys.argv[1:]


def fault(message):
    return CiviError(message)


def checked(n, op):
    if n < INT_MIN or n > INT_MAX:
        raise fault("integer overflow in `%s`" % op)
    return n


def is_number(v):
    t = type(v)
    return t is int or t is float


def type_fault(op, a, b):
    return fault("cannot apply `%s` to %s and %s" % (op, type_name(a), type_name(b)))


def shift(d, seconds):
    return Date(d.seconds + seconds)


def add(a, b):
    ta, tb = type(a), type(b)
    if ta is int and tb is int:
        return checked(a + b, "+")
    if is_number(a) and is_number(b):
        return float(a) + float(b)
    if ta is tb and ta in (str, list):
        return a + b
    if ta is dict and tb is dict:
        return {**a, **b}
    if ta is Date and is_number(b):
        return shift(a, b)
    if tb is Date and is_number(a):
        return shift(b, a)
    raise type_fault("+", a, b)


def sub(a, b):
    ta, tb = type(a), type(b)
    if ta is int and tb is int:
        return checked(a - b, "-")
    if is_number(a) and is_number(b):
        return float(a) - float(b)
    if ta is Date and tb is Date:
        return a.seconds - b.seconds
    if ta is Date and is_number(b):
        return shift(a, -b)
    raise type_fault("-", a, b)


def mul(a, b):
    if type(a) is int and type(b) is int:
        return checked(a * b, "*")
    if is_number(a) and is_number(b):
        return float(a) * float(b)
    raise type_fault("*", a, b)


def div(a, b):
    if not (is_number(a) and is_number(b)):
        raise type_fault("/", a, b)
    if b == 0:
        raise fault("division by zero")
    return float(a) / float(b)


def rem(a, b):
    if not (is_number(a) and is_number(b)):
        raise type_fault("%", a, b)
    if b == 0:
        raise fault("remainder by zero")
    if type(a) is int and type(b) is int:
        r = abs(a) % abs(b)
        return checked(-r if a < 0 else r, "%")
    return math.fmod(float(a), float(b))


def neg(a):
    if type(a) is int:
        return checked(-a, "-")
    if type(a) is float:
        return -a
    raise fault("cannot negate " + type_name(a))


def eq(a, b):
    """Structural equality: ints equal floats of the same value; bools equal only bools."""
    ta, tb = type(a), type(b)
    if ta is bool or tb is bool:
        return ta is tb and a == b
    if is_number(a) and is_number(b):
        return a == b
    if ta is not tb:
        return False
    if ta is list:
        return len(a) == len(b) and all(eq(x, y) for x, y in zip(a, b))
    if ta is dict:
        return len(a) == len(b) and all(k in b and eq(x, b[k]) for k, x in a.items())
    if ta is float:
        return a == b
    return a == b or a is b


def ne(a, b):
    return not eq(a, b)


RANKS = {type(None): 0, bool: 1, int: 2, float: 2, Date: 3, str: 4, list: 5, dict: 6}


def order(a, b):
    """-1, 0 or 1: civi's total order (null < false < true < numbers < dates < strings < lists < records)."""
    ra, rb = RANKS.get(type(a), 7), RANKS.get(type(b), 7)
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 2:
        if isinstance(a, float) and math.isnan(a):
            return 0 if isinstance(b, float) and math.isnan(b) else -1
        if isinstance(b, float) and math.isnan(b):
            return 1
    if ra == 3:
        a, b = a.seconds, b.seconds
    if ra == 5:
        for x, y in zip(a, b):
            c = order(x, y)
            if c:
                return c
        return (len(a) > len(b)) - (len(a) < len(b))
    if ra == 6:
        ka, kb = sorted(a), sorted(b)
        c = order(ka, kb)
        if c:
            return c
        for k in ka:
            c = order(a[k], b[k])
            if c:
                return c
        return 0
    if ra == 7:
        return 0
    return (a > b) - (a < b)


def lt(a, b):
    return order(a, b) < 0


def le(a, b):
    return order(a, b) <= 0


def gt(a, b):
    return order(a, b) > 0


def ge(a, b):
    return order(a, b) >= 0


def member(needle, haystack):
    """`needle in haystack`: list membership, record key, substring."""
    t = type(haystack)
    if t is list:
        return any(eq(needle, x) for x in haystack)
    if t is dict:
        if type(needle) is not str:
            raise fault("`in` a record needs a string key, got " + type_name(needle))
        return needle in haystack
    if t is str:
        if type(needle) is not str:
            raise fault("`in` a string needs a string, got " + type_name(needle))
        return needle in haystack
    if haystack is None:
        return False
    raise fault("cannot use `in` with " + type_name(haystack))


def matches(s, pattern):
    if type(s) is not str or type(pattern) is not str:
        raise fault("`=~` needs a string on the left and a pattern string on the right, got %s and %s"
                    % (type_name(s), type_name(pattern)))
    return re.search(pattern, s) is not None


def coalesce(a, b):
    return b() if a is None else a


DATE_PARTS = ("year", "month", "day", "hour", "minute", "second", "weekday")


def field(v, name):
    """`v.name`: a missing field, or a field of null, is null; a date's parts are UTC ints."""
    if type(v) is dict:
        return v.get(name)
    if v is None:
        return None
    if type(v) is Date and name in DATE_PARTS:
        t = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=math.floor(v.seconds))
        return t.isoweekday() if name == "weekday" else getattr(t, name)
    raise fault("cannot read field `%s` of %s" % (name, type_name(v)))


def field_or_null(v, name):
    """`v.name?`: the field, or null when it is missing or `v` is not a record."""
    return v.get(name) if type(v) is dict else None


def slice_of(v, lo, hi):
    """`v[lo:hi]` on a list or string: Python's clamping; a null bound is that end; null gives null."""
    if v is None:
        return None
    if type(v) not in (list, str):
        raise fault("cannot slice " + type_name(v))
    for bound in (lo, hi):
        if bound is not None and type(bound) is not int:
            raise fault("a slice bound must be an int, got " + type_name(bound))
    return v[lo:hi]


def index(v, key):
    """`v[key]`: out-of-range indexes and missing keys give null; negative indexes count from the end."""
    t, tk = type(v), type(key)
    if (t is list or t is str) and tk is int:
        k = len(v) + key if key < 0 else key
        return v[k] if 0 <= k < len(v) else None
    if t is dict and tk is str:
        return v.get(key)
    if v is None:
        return None
    if t in (list, str):
        raise fault("a %s index must be an int, got %s" % (type_name(v), type_name(key)))
    if t is dict:
        raise fault("a record key must be a string, got " + type_name(key))
    raise fault("cannot index " + type_name(v))


def assign(value, path, new):
    """A copy of `value` with `new` at `path` (`a.b[0] = x`); the original never changes."""
    if not path:
        return new
    key, rest = path[0], path[1:]
    t = type(value)
    if t is dict and type(key) is str:
        out = dict(value)
        out[key] = assign(value.get(key), rest, new)
        return out
    if t is list and type(key) is int:
        k = len(value) + key if key < 0 else key
        if not 0 <= k < len(value):
            raise fault("index %d is out of range for a list of %d" % (key, len(value)))
        out = list(value)
        out[k] = assign(value[k], rest, new)
        return out
    if type(key) is str:
        raise fault("cannot set field `%s` of %s" % (key, type_name(value)))
    raise fault("cannot assign into %s by index" % type_name(value))


def call(f, *args):
    if not callable(f) or isinstance(f, Query):
        raise fault(type_name(f) + " is not a function")
    return f(*args)


def refuse_call(message, *arguments):
    """A call civi refuses once its arguments are evaluated (named arguments of a function that takes none)."""
    raise fault(message)


def api_function(name, lo, hi, f):
    """An API function used as a value: civi's argument-count check, then the call (absent optional arguments are null)."""
    def call_api(*args):
        if not lo <= len(args) <= hi:
            want = str(lo) if lo == hi else "%d to %d" % (lo, hi)
            raise fault("%s() takes %s argument%s, got %d" % (name, want, "" if want == "1" else "s", len(args)))
        return f(*(list(args) + [None] * (hi - len(args))))
    call_api.__name__ = name
    return call_api


def condition(v):
    return truthy(v)


def interpolate(*parts):
    return "".join(text(p) for p in parts)


def fail_with(message):
    if type(message) is dict:
        status = message.get("status") if type(message.get("status")) is int else None
        code = message.get("code") if type(message.get("code")) is str else None
        msg = text(message["message"]) if "message" in message else "error"
        raise CiviError(msg, status=status, code=code)
    raise CiviError(text(message))


def civi_assert(cond, message=None):
    if not truthy(cond):
        raise CiviError("assertion failed" + ("" if message is None else ": " + text(message)))


def civi_assert_compare(op, left, right, source, *message):
    """`assert(left OP right)`: a failure shows the condition and both sides, as civi does."""
    holds = {"==": eq, "!=": ne, "<": lt, "<=": le, ">": gt, ">=": ge}[op](left, right)
    if not holds:
        head = "assertion failed: " + (text(message[0]) + "\n  " if message else "")
        raise CiviError(head + source + "\n  left:  " + repr_value(left) + "\n  right: " + repr_value(right))


def caught(err):
    """The record a civi `catch e` binds."""
    return err.record()


def run_main(main):
    """Runs the program; an uncaught error prints like civi's and exits 1."""
    try:
        main()
    except CiviError as err:
        sys.stdout.flush()
        detail = "" if err.status is None else " (HTTP %d%s)" % (err.status, ", " + err.code if err.code else "")
        sys.stderr.write("error: " + err.message + detail + "\n")
        sys.exit(1)
    except ExitProgram as done:
        sys.stdout.flush()
        if done.message is not None:
            sys.stderr.write(done.message + "\n")
        sys.exit(done.code)


class ExitProgram(Exception):
    def __init__(self, code, message=None):
        super().__init__(code)
        self.code, self.message = code, message


def civi_fail(message):
    raise ExitProgram(1, text(message))


def civi_exit(code=0, message=None):
    if type(code) is not int:
        raise fault("exit() expects an int status code, got " + type_name(code))
    raise ExitProgram(code, None if message is None else text(message))


class Query:
    """Placeholder base so `type_name` can tell streams apart before the api section loads."""
    label = "stream"


# @section json needs: core
def json_text(v, pretty=False, indent=0):
    """civi's JSON: dates as ISO strings, floats as Swift prints them, only C0 controls escaped."""
    t = type(v)
    if v is None:
        return "null"
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return str(v)
    if t is float:
        if math.isnan(v) or math.isinf(v):
            raise fault("the number %s has no JSON form" % fmt_float(v))
        return repr(v)
    if t is str:
        return json_string(v)
    if t is Date:
        return '"' + v.iso() + '"'
    if t is list or t is dict:
        items = list(v.items()) if t is dict else v
        if not items:
            return "[]" if t is list else "{}"
        pad = ("\n" + "  " * (indent + 1)) if pretty else ""
        parts = []
        for item in items:
            if t is dict:
                parts.append(pad + json_string(item[0]) + (": " if pretty else ":") + json_text(item[1], pretty, indent + 1))
            else:
                parts.append(pad + json_text(item, pretty, indent + 1))
        close = ("\n" + "  " * indent) if pretty else ""
        return ("[" if t is list else "{") + ",".join(parts) + close + ("]" if t is list else "}")
    if isinstance(v, Query):
        raise fault("a stream has no JSON form; `| collect` it first")
    raise fault("a function has no JSON form")


JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def json_string(s):
    out = ['"']
    for ch in s:
        e = JSON_ESCAPES.get(ch)
        if e:
            out.append(e)
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return "".join(out) + '"'


def parse_json(text_):
    """Decoded JSON with ISO-8601 strings under `*_at` keys turned into dates, as civi reads them."""
    return json.loads(text_, object_hook=dated_fields)


# The `*_at` keys of each key layout seen (records of one listing share a layout).
DATE_KEYS = {}


def dated_fields(record):
    """json's hook for each decoded object: the strings right under its `*_at` keys become
    dates (as in civi, not strings inside a list there)."""
    keys = tuple(record)
    dated = DATE_KEYS.get(keys)
    if dated is None:
        if len(DATE_KEYS) > 4096:
            DATE_KEYS.clear()
        dated = DATE_KEYS[keys] = tuple(k for k in keys if k.endswith("_at"))
    for k in dated:
        record[k] = json_date(record[k])
    return record


API_STAMP = re.compile(r"(\d{4}-\d\d-\d\d)T(\d\d):(\d\d):(\d\d)Z")
DAY_SECONDS = {}


def json_date(v):
    """The date a `*_at` string stands for, or the value unchanged; the API's own form
    (2026-01-01T00:00:00Z) is read without the general parser, each day's start computed once."""
    if type(v) is not str:
        return v
    m = API_STAMP.fullmatch(v)
    if m is None:
        return parse_date(v) or v
    day, h, mi, s = m.groups()
    start = DAY_SECONDS.get(day)
    if start is None:
        d = parse_date(day)
        if d is None:
            return v
        if len(DAY_SECONDS) > 100000:
            DAY_SECONDS.clear()
        start = DAY_SECONDS[day] = d.seconds
    h, mi, s = int(h), int(mi), int(s)
    if h > 23 or mi > 59 or s > 60:
        return v
    return Date(start + h * 3600 + mi * 60 + s)


# @section api needs: core json
import collections
import concurrent.futures
import gc
import http.client as http_client
import random
import threading
import time
import urllib.parse
import uuid

BASE_URL = os.environ.get("CIVICLICK_BASE_URL", "https://api.civiclick.com/v2").rstrip("/")
PER_PAGE = 100
# Pages of one listing requested at once when it is read whole (civi's CIVI_PAGE_CONCURRENCY).
PAGE_CONCURRENCY = 16
RETRYABLE = {429, 502, 503, 504}
RETRY_BUDGET = float(os.environ.get("CIVICLICK_RETRY_BUDGET", "300"))
# The longest wait before one retry, in seconds (a test sets it small; the API asks for 1 s).
RETRY_WAIT_CAP = float(os.environ.get("CIVICLICK_RETRY_WAIT_CAP", "60"))
# Writes while a listing is read can shift its pages; a program that writes reads each
# listing whole before handing out its first record (set by the exporter).
SNAPSHOT_LISTINGS = False


def api_key():
    key = os.environ.get("CIVICLICK_API_KEY")
    if not key:
        raise fault("set CIVICLICK_API_KEY to the API key (it is never written into this program)")
    return key


def http(method, path, query=(), body=None):
    """One API request with retries of 429/502/503/504 (honouring Retry-After); the decoded body."""
    return decoded(http_text(method, path, query, body))


def decoded(text_):
    return parse_json(text_) if text_.strip() else None


def http_text(method, path, query=(), body=None):
    """The text of a successful answer to one API request, after retries of 429/502/503/504
    (honouring Retry-After) and of connection failures. A POST carries one Idempotency-Key for
    all its attempts, so a retry never doubles a create."""
    target = base_path() + path + ("?" + urllib.parse.urlencode(list(query)) if query else "")
    headers = {"Authorization": "Bearer " + api_key(), "Accept": "application/json"}
    data = None
    if body is not None:
        data = json_text(body).encode()
        headers["Content-Type"] = "application/json"
    if method == "POST":
        headers["Idempotency-Key"] = str(uuid.uuid4())
    started, attempt = time.monotonic(), 0
    while True:
        attempt += 1
        try:
            status, answer, raw = exchange(method, target, data, headers)
        except (OSError, http_client.HTTPException) as e:
            if attempt <= 5:
                time.sleep(0.25 * 2 ** (attempt - 1))
                continue
            raise CiviError("could not connect to %s: %s" % (BASE_URL, e), code="transport")
        if 200 <= status < 300:
            return raw.decode()
        retry_after = answer.getheader("Retry-After")
        busy = status in (429, 503)
        elapsed = time.monotonic() - started
        if status in RETRYABLE and (busy or attempt <= 5) and elapsed < RETRY_BUDGET:
            wait = (float(retry_after) if retry_after and retry_after.isdigit()
                    else min(30.0, 0.25 * 2 ** (attempt - 1)) * (0.5 + random.random() / 2))
            time.sleep(min(wait, RETRY_WAIT_CAP))
            continue
        raise api_error(status, raw.decode(errors="replace"), answer.getheader("X-Request-Id"))


def base_path():
    """The base URL's path (`/v2`); an address that is not http(s) is an error, not a retry."""
    parts = urllib.parse.urlsplit(BASE_URL)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise fault("CIVICLICK_BASE_URL must be an http:// or https:// address, got " + repr_value(BASE_URL))
    return parts.path


# Each thread keeps its own connection open between requests (urllib would open one per request).
kept_connections = threading.local()


def exchange(method, target, data, headers):
    """One request on this thread's kept-alive connection: the status, the response and its body.
    A kept connection the server closed while idle is replaced at once, without a retry's wait."""
    for fresh in (False, True):
        conn = getattr(kept_connections, "conn", None)
        if conn is None:
            fresh = True
            conn = kept_connections.conn = new_connection()
        try:
            conn.request(method, target, data, headers)
            answer = conn.getresponse()
            return answer.status, answer, answer.read()
        except (OSError, http_client.HTTPException) as e:
            conn.close()
            kept_connections.conn = None
            idle_close = isinstance(e, (http_client.RemoteDisconnected, ConnectionResetError, BrokenPipeError))
            if fresh or not idle_close:
                raise


def new_connection():
    parts = urllib.parse.urlsplit(BASE_URL)
    if parts.scheme == "https":
        import ssl
        return http_client.HTTPSConnection(parts.hostname, parts.port, timeout=60, context=ssl.create_default_context())
    return http_client.HTTPConnection(parts.hostname, parts.port, timeout=60)


def api_error(status, raw, request_id):
    code, message, fields = None, "HTTP %d" % status, None
    try:
        err = json.loads(raw).get("error")
    except (ValueError, AttributeError):
        err = None
    if isinstance(err, str):
        message = err
    elif isinstance(err, dict):
        code = err.get("code")
        message = err.get("message") or code or message
        if isinstance(err.get("fields"), dict):
            fields = {k: v if isinstance(v, str) else json_text(v) for k, v in err["fields"].items()}
    if status in (401, 403):
        code = "forbidden" if status == 403 else "unauthorized"
    return CiviError(message, status=status, code=code or "http_%d" % status, fields=fields, request_id=request_id)


def data_of(body):
    return body["data"] if type(body) is dict and "data" in body else body


page_pool = None


def numbered_pages(path, params, numbers):
    """Pages `numbers` of a listing, decoded in order. PAGE_CONCURRENCY threads (each keeping its
    connection) download ahead while this thread decodes, so decoding never holds up a request."""
    global page_pool
    if page_pool is None:
        page_pool = concurrent.futures.ThreadPoolExecutor(max_workers=PAGE_CONCURRENCY)
    numbers = iter(numbers)
    ahead = collections.deque()
    # The records pile up while the listing is read, and the cyclic collector would walk all of
    # them again each time it runs (a third of the CPU time for 50,000 records), so decoded pages
    # are set aside from it (they hold no cycles; reference counting still frees them) and handed
    # back at the end.
    set_aside = gc.isenabled()
    try:
        while True:
            while len(ahead) < 2 * PAGE_CONCURRENCY:
                n = next(numbers, None)
                if n is None:
                    break
                ahead.append(page_pool.submit(http_text, "GET", path, params + [("page", str(n))]))
            if not ahead:
                return
            page = decoded(ahead.popleft().result())
            if set_aside:
                gc.freeze()
            yield page
    finally:
        for waiting in ahead:
            waiting.cancel()
        if set_aside:
            gc.unfreeze()


class Query(Query):
    """A lazy listing: pages are fetched only when the records are consumed; `where`, `map`,
    `take`, `skip` and `select` stay lazy, `take N` asks the server for only N records."""

    def __init__(self, path, params, label, steps=()):
        self.path, self.params, self.label, self.steps = path, list(params), label, tuple(steps)

    def adding(self, step, label):
        return Query(self.path, self.params, self.label + " | " + label, self.steps + (step,))

    def server_limit(self):
        offset, limit = 0, None
        for kind, arg in self.steps:
            if kind == "where":
                return limit
            if kind == "skip":
                offset += arg
            if kind == "take":
                limit = min(limit if limit is not None else arg + offset, offset + arg)
        return limit

    def records(self, wants_all=False):
        """The server's records in order (see `pages`), no more than a `take` needs."""
        limit = self.server_limit()
        if limit == 0:
            return
        yielded = 0
        for page in self.pages(limit, wants_all):
            for record in page.get("data") or []:
                yield record
                yielded += 1
                if limit is not None and yielded >= limit:
                    return

    def pages(self, limit, wants_all):
        """The listing's pages in order, following `links.next`; all at once (16 requests in
        flight, as civi does) when every record is wanted and `meta.total` says how many."""
        per_page = min(limit, PER_PAGE) if limit is not None else PER_PAGE
        params = self.params + [("per_page", str(per_page))]
        page = http("GET", self.path, params + [("page", "1")])
        total = (page.get("meta") or {}).get("total")
        if (wants_all or SNAPSHOT_LISTINGS) and limit is None and type(total) is int and total > per_page:
            rest = numbered_pages(self.path, params, range(2, (total + per_page - 1) // per_page + 1))
            if SNAPSHOT_LISTINGS:
                yield from [page] + list(rest)
                return
            yield page
            for page in rest:
                yield page
        elif SNAPSHOT_LISTINGS:
            pages = [page]
            while (page.get("links") or {}).get("next"):
                page = http("GET", self.next_path(page["links"]["next"]), ())
                pages.append(page)
            yield from pages
            return
        else:
            yield page
        while (page.get("links") or {}).get("next"):
            page = http("GET", self.next_path(page["links"]["next"]), ())
            yield page

    def next_path(self, link):
        """A `links.next` URL relative to the base URL (the API gives absolute ones)."""
        if link.startswith(BASE_URL):
            return link[len(BASE_URL):]
        parts = urllib.parse.urlsplit(link)
        return parts.path[len(urllib.parse.urlsplit(BASE_URL).path):] + ("?" + parts.query if parts.query else "")

    def iterate(self, wants_all=False):
        taken = {}
        for record in self.records(wants_all):
            out = record
            dropped = False
            for n, (kind, arg) in enumerate(self.steps):
                if kind == "where":
                    if not truthy(arg(out)):
                        dropped = True
                        break
                elif kind == "map":
                    out = arg(out)
                elif kind == "skip":
                    seen = taken.get(n, 0)
                    taken[n] = seen + 1
                    if seen < arg:
                        dropped = True
                        break
                elif kind == "take":
                    seen = taken.get(n, 0)
                    if seen >= arg:
                        return
                    taken[n] = seen + 1
            if not dropped:
                yield out
                # A `take` that is full lets nothing more through: stop fetching.
                if any(kind == "take" and taken.get(n, 0) >= arg for n, (kind, arg) in enumerate(self.steps)):
                    return

    def __iter__(self):
        return self.iterate()

    def count(self):
        """One request for `meta.total` when no client-side stage changes the number."""
        if all(kind == "map" for kind, _ in self.steps):
            body = http("GET", self.path, self.params + [("page", "1"), ("per_page", "1")])
            return body["meta"]["total"]
        return sum(1 for _ in self.iterate(wants_all=True))


def new_query(path, params, label):
    return Query(path, params, label)


def encode_filter(label, kind, value, choices=()):
    """A filter's query value, checked as civi checks it before any request."""
    t = type(value)
    if kind == "string":
        if t is str:
            return value
        if t is int:
            return str(value)
        raise fault("%s expects a string, got %s" % (label, type_name(value)))
    if kind == "bool":
        if t is not bool:
            raise fault("%s expects true or false, got %s" % (label, type_name(value)))
        return "true" if value else "false"
    if kind == "date":
        d = value if t is Date else (parse_date(value) if t is str else None)
        if d is None:
            raise fault("%s expects a date, got %s" % (label, type_name(value)))
        return d.iso()
    if kind == "choice":
        if t is not str or value not in choices:
            raise fault("%s must be one of %s, got %s" % (label, ", ".join(choices), repr_value(value)))
        return value
    return id_of(value, label, choices[0] if choices else None)


def id_of(value, label, resource=None):
    """An id from an id string or a record with an `id` (`resource` names the kind in errors)."""
    if type(value) is str and value:
        return value
    if type(value) is dict:
        if type(value.get("id")) is str:
            return value["id"]
        raise fault("%s got a record without an id" % label)
    noun = (resource[:-1] if resource.endswith("s") else resource) if resource else None
    kind = ("an " if noun[0] in "aeiou" else "a ") + noun if noun else "a"
    raise fault("%s expects %s record or id, got %s" % (label, kind, type_name(value)))


def list_query(path, label, filters):
    return Query(path, [(name, encode(value)) for name, encode, value in filters], label)


def path_segment(s):
    return urllib.parse.quote(s, safe="-_.~")


def fetch_one(resource, value):
    """GET one record by id (an argument with @ is looked up by email where the resource can)."""
    spec = RESOURCES[resource]
    ident = id_of(value, spec["singular"] + "()", resource)
    if "@" in ident and spec["by_email"]:
        for record in Query(spec["list"], [("email", ident)], resource).iterate():
            return record
        raise CiviError("no %s with email %s" % (spec["singular"], ident), status=404, code="not_found")
    return data_of(http("GET", spec["item"].replace("{id}", path_segment(ident))))


def create(resource, record):
    if type(record) is not dict:
        raise fault("create_%s() expects a record of fields, got %s" % (RESOURCES[resource]["singular"], type_name(record)))
    return data_of(http("POST", RESOURCES[resource]["list"], (), record))


def target(value, function):
    ident = id_of(value, function + "()")
    for spec in RESOURCES.values():
        if ident.startswith(spec["prefix"]):
            return spec, ident
    raise fault("%s(): cannot tell which resource `%s` belongs to" % (function, ident))


def update(record, changes):
    spec, ident = target(record, "update")
    if type(changes) is not dict:
        raise fault("update() expects a record of changes, got " + type_name(changes))
    return data_of(http("PATCH", spec["item"].replace("{id}", path_segment(ident)), (), changes))


def delete_record(record):
    spec, ident = target(record, "delete")
    http("DELETE", spec["item"].replace("{id}", path_segment(ident)))
    return None


def raw_path(path):
    if type(path) is not str or not path:
        raise fault("the path must be a string like \"/advocates\", got " + type_name(path))
    return path if path.startswith("/") else "/" + path


def raw_query(query):
    if query is None:
        return []
    if type(query) is not dict:
        raise fault("the query must be a record like {page: 2}, got " + type_name(query))
    return [(k, v if type(v) is str else v.iso() if type(v) is Date else text(v)) for k, v in query.items()]


def civi_get(path, query=None):
    """`get(path, query?)` is a raw GET; `get(record, "field")` reads a field that may be absent."""
    if type(path) is dict:
        if type(query) is not str:
            raise fault("get(record, name) expects a field name string as its second argument")
        return path.get(query)
    return raw("GET", path, None, query)


def raw(method, path, body=None, query=None):
    if type(method) is not str or not method:
        raise fault("request() expects a method string like \"GET\"")
    return http(method.upper(), raw_path(path), raw_query(query), body)


# @section stages needs: core
def items(xs, stage):
    """The elements of a list or stream, as an iterable."""
    if type(xs) is list:
        return xs
    if isinstance(xs, Query) and hasattr(xs, "iterate"):
        return xs.iterate(wants_all=True)
    raise fault("`%s` needs a list or a stream, got %s" % (stage, type_name(xs)))


def each_of(xs):
    """What a `for` loop walks: a list, or a stream page by page."""
    if type(xs) is list:
        return xs
    if isinstance(xs, Query) and hasattr(xs, "iterate"):
        return xs.iterate()
    raise fault("`for` needs a list or a stream, got " + type_name(xs))


def lazy(xs):
    return isinstance(xs, Query) and hasattr(xs, "adding")


def where(xs, pred):
    if lazy(xs):
        return xs.adding(("where", pred), "where")
    return [x for x in items(xs, "where") if truthy(pred(x))]


def map_each(xs, f):
    if lazy(xs):
        return xs.adding(("map", f), "map")
    return [f(x) for x in items(xs, "map")]


def select(xs, fields):
    def pick(r):
        if type(r) is not dict:
            raise fault("`select` needs records, got " + type_name(r))
        return {k: r.get(k) for k in fields}
    if lazy(xs):
        return xs.adding(("map", pick), "select")
    return [pick(x) for x in items(xs, "select")]


def take(xs, n):
    if lazy(xs):
        return xs.adding(("take", n), "take %s" % n)
    return list(items(xs, "take"))[:max(n, 0)]


def skip(xs, n):
    if lazy(xs):
        return xs.adding(("skip", n), "skip %s" % n)
    return list(items(xs, "skip"))[max(n, 0):]


def first(xs):
    if type(xs) is list:
        return xs[0] if xs else None
    for x in take(xs, 1).iterate():
        return x
    return None


def last(xs):
    found = None
    for x in items(xs, "last"):
        found = x
    return found


def count(xs):
    if type(xs) is list:
        return len(xs)
    if lazy(xs):
        return xs.count()
    raise fault("`count` needs a list or a stream, got " + type_name(xs))


def collect(xs):
    return list(items(xs, "collect"))


def flatten(xs):
    out = []
    for x in items(xs, "flatten"):
        if type(x) is list:
            out.extend(x)
        else:
            out.append(x)
    return out


def sort_by(xs, key=None, descending=False):
    """A stable sort in civi's order of values; ties keep their input order both ways."""
    elements = list(items(xs, "sort"))
    keys = [key(x) if key else x for x in elements]
    sign = -1 if descending else 1
    ranked = sorted(range(len(elements)), key=functools.cmp_to_key(lambda i, j: sign * order(keys[i], keys[j])))
    return [elements[i] for i in ranked]


def aggregate(xs, kind, key=None):
    acc = 0 if kind == "sum" else None
    n = 0
    for v in items(xs, kind):
        x = key(v) if key else v
        if kind in ("sum", "avg"):
            if not is_number(x):
                raise fault("`%s` needs numbers, got %s" % (kind, type_name(x)))
            acc = x if n == 0 and kind == "avg" else add(acc, x)
        elif n == 0 or (kind == "min" and order(x, acc) < 0) or (kind == "max" and order(x, acc) > 0):
            acc = x
        n += 1
    if kind == "avg" and n > 0:
        return float(acc) / n
    return acc


def hashable(v):
    """A key that is equal exactly when civi's `==` says the values are."""
    t = type(v)
    if t is bool:
        return ("bool", v)
    if t is list:
        return ("list",) + tuple(hashable(x) for x in v)
    if t is dict:
        return ("record", frozenset((k, hashable(x)) for k, x in v.items()))
    return v


def group(xs, key):
    groups = {}
    for v in items(xs, "group"):
        k = key(v)
        groups.setdefault(hashable(k), (k, []))[1].append(v)
    return [{"key": k, "items": members, "count": len(members)} for k, members in groups.values()]


def unique(xs, key=None):
    seen, out = set(), []
    for v in items(xs, "unique"):
        h = hashable(key(v) if key else v)
        if h not in seen:
            seen.add(h)
            out.append(v)
    return out


def each(xs, f):
    n = 0
    for x in items(xs, "each"):
        f(x)
        n += 1
    return n


def parallel(xs, workers, f):
    """`parallel N`: up to N evaluations in flight at once, results in input order."""
    import concurrent.futures
    if type(workers) is not int or workers < 1:
        raise fault("parallel needs a positive int, got " + repr_value(workers))
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(workers, 64)) as pool:
        return list(pool.map(f, list(items(xs, "parallel"))))


def applied(v, it):
    """A stage argument that turned out to be a function is called with the element."""
    return v(it) if callable(v) and not isinstance(v, Query) else v


# @section show needs: json stages
def show_value(v):
    """The value of an expression statement as `civi -e` prints it (null included)."""
    if isinstance(v, Query):
        v = collect(v)
    sys.stdout.write(json_text(v, pretty=True) + "\n")


def show(v):
    """The value of a statement as `civi -e` prints it when its output is not a terminal."""
    if isinstance(v, Query):
        v = collect(v)
    if v is not None:
        sys.stdout.write(json_text(v, pretty=True) + "\n")


# @section strings needs: core
def expect(v, kind, function, what):
    if type(v) is not kind or (kind is int and type(v) is bool):
        raise fault("%s() expects %s, got %s" % (function, what, type_name(v)))
    return v


def civi_len(v):
    if type(v) in (str, list, dict):
        return len(v)
    raise fault("len() expects a string, list or record, got " + type_name(v))


def civi_keys(r):
    return list(expect(r, dict, "keys", "a record"))


def civi_values(r):
    return list(expect(r, dict, "values", "a record").values())


def civi_has(v, key):
    if type(v) is dict:
        return expect(key, str, "has", "a string key") in v
    if type(v) is list:
        i = expect(key, int, "has", "an int index")
        return -len(v) <= i < len(v)
    raise fault("has() expects a record or list, got " + type_name(v))


def civi_str(v):
    return text(v)


def civi_type(v):
    return type_name(v)


NUMBER_TEXT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def civi_int(v):
    t = type(v)
    if t is bool:
        return 1 if v else 0
    if t is int:
        return v
    if t is float or t is Date:
        d = v.seconds if t is Date else v
        if math.isnan(d) or math.isinf(d):
            raise fault("int(): %s has no integer value" % fmt_float(d))
        return checked(int(d), "int")
    if t is str:
        s = v.strip().replace("_", "")
        if re.fullmatch(r"[+-]?\d+", s):
            return checked(int(s), "int")
        if NUMBER_TEXT.match(s):
            raise fault("int(): %s is not a whole number" % quote(v))
        raise fault("int(): %s is not a number" % quote(v))
    raise fault("int() expects a number, numeric string, bool or date, got " + type_name(v))


def civi_float(v):
    t = type(v)
    if t is bool:
        return 1.0 if v else 0.0
    if t in (int, float):
        return float(v)
    if t is Date:
        return v.seconds
    if t is str:
        s = v.strip().replace("_", "")
        if NUMBER_TEXT.match(s):
            return float(s)
        raise fault("float(): %s is not a number" % quote(v))
    raise fault("float() expects a number, numeric string, bool or date, got " + type_name(v))


def civi_range(a, b=None):
    lower, upper = (0, a) if b is None else (a, b)
    expect(lower, int, "range", "an int")
    expect(upper, int, "range", "an int")
    if upper - lower > 10_000_000:
        raise fault("%d..<%d has more than 10,000,000 elements" % (lower, upper))
    return list(range(lower, upper))


def civi_lower(s):
    return expect(s, str, "lower", "a string").lower()


def civi_upper(s):
    return expect(s, str, "upper", "a string").upper()


def civi_trim(s):
    return expect(s, str, "trim", "a string").strip()


def civi_split(s, sep):
    expect(s, str, "split", "a string to split")
    if expect(sep, str, "split", "a string separator") == "":
        return list(s)
    return s.split(sep)


def civi_join(xs, sep):
    return expect(sep, str, "join", "a string separator").join(text(x) for x in expect(xs, list, "join", "a list to join"))


def civi_replace(s, old, new):
    expect(s, str, "replace", "a string")
    if expect(old, str, "replace", "a string to replace") == "":
        raise fault("replace(): the text to replace is empty")
    return s.replace(old, expect(new, str, "replace", "a string replacement"))


def civi_starts_with(s, p):
    return expect(s, str, "starts_with", "a string").startswith(expect(p, str, "starts_with", "a string prefix"))


def civi_ends_with(s, p):
    return expect(s, str, "ends_with", "a string").endswith(expect(p, str, "ends_with", "a string suffix"))


def civi_contains(x, y):
    if type(x) is str:
        return expect(y, str, "contains", "a string to look for in a string") in x
    if type(x) is list:
        return any(eq(y, e) for e in x)
    if type(x) is dict:
        return expect(y, str, "contains", "a string key to look for in a record") in x
    raise fault("contains() expects a string, list or record, got " + type_name(x))


# @section time needs: core
import time as clock


def civi_now():
    return Date(math.floor(clock.time() * 1000) / 1000)


def civi_date(v):
    t = type(v)
    if t is Date:
        return v
    if t is str:
        d = parse_date(v.strip())
        if d is None:
            raise fault("date(): %s is not an ISO-8601 date" % quote(v))
        return d
    if t in (int, float) and t is not bool:
        return Date(v)
    raise fault("date() expects an ISO-8601 string, a date or seconds since 1970, got " + type_name(v))


def duration(n, unit, name):
    if type(n) is int:
        return checked(n * unit, name)
    if type(n) is float and math.isfinite(n):
        return n * unit
    raise fault("%s() expects a number, got %s" % (name, type_name(n)))


def civi_days(n):
    return duration(n, 86400, "days")


def civi_hours(n):
    return duration(n, 3600, "hours")


def civi_minutes(n):
    return duration(n, 60, "minutes")


def civi_seconds(n):
    return duration(n, 1, "seconds")


def civi_sleep(seconds):
    if not is_number(seconds) or seconds < 0:
        raise fault("sleep() expects a non-negative number of seconds, got " + repr_value(seconds))
    clock.sleep(seconds)


# @section graphemes needs: core
import unicodedata


def clusters(s):
    """`s` as the characters a reader sees (combining marks, emoji modifiers and joiners, flag pairs
    and CR LF stay with what they follow): civi counts these, not code points."""
    out = []
    for ch in s:
        if out and joins(out[-1], ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def joins(prev, ch):
    """Whether `ch` continues the character `prev` (a close reading of Unicode's grapheme rules)."""
    if prev == "\r":
        return ch == "\n"
    if unicodedata.category(prev[-1]) == "Cc" or unicodedata.category(ch) == "Cc":
        return False
    c = ord(ch)
    if unicodedata.category(ch) in ("Mn", "Me", "Mc") or ch == "\u200d" or prev.endswith("\u200d"):
        return True
    if 0xFE00 <= c <= 0xFE0F or 0x1F3FB <= c <= 0x1F3FF or 0xE0020 <= c <= 0xE007F:
        return True
    return 0x1F1E6 <= c <= 0x1F1FF and len(prev) == 1 and 0x1F1E6 <= ord(prev) <= 0x1F1FF


# @section dateformat needs: core graphemes
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
DATE_DIRECTIVES = "YmdHMSjaAbByeZz%"
SUPPORTED_SECONDS = (-62135596800, 253402300800)
SUPPORTED_YEARS = "years 0001 to 9999"
TRUNCATION_UNITS = ("minute", "hour", "day", "week", "month", "year")


class DateFormatError(Exception):
    """A format that cannot be used or a text that does not match it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def days_from_civil(y, m, d):
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm, as civi)."""
    y = y - 1 if m <= 2 else y
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def civil_from_days(z):
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (1 if m <= 2 else 0), m, d


def days_in_month(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28
    return 30 if m in (4, 6, 9, 11) else 31


def civil_of(d):
    """[year, month, day, hour, minute, second] of a date, in UTC."""
    secs = 0.0 if math.isnan(d.seconds) else min(max(d.seconds, SUPPORTED_SECONDS[0]), SUPPORTED_SECONDS[1] - 1)
    days, rem = divmod(math.floor(secs), 86400)
    y, m, day = civil_from_days(days)
    return [y, m, day, rem // 3600, rem % 3600 // 60, rem % 60]


def weekday_of(y, m, d):
    return (days_from_civil(y, m, d) + 3) % 7 + 1


def date_of_civil(c):
    """The Date of civil fields, or None when one is out of range or the date is unsupported."""
    y, m, d, h, mi, s = c
    if not (1 <= y <= 9999 and 1 <= m <= 12 and 1 <= d <= days_in_month(y, m) and 0 <= h < 24 and 0 <= mi < 60 and 0 <= s < 61):
        return None
    secs = days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 + s
    return Date(secs) if SUPPORTED_SECONDS[0] <= secs < SUPPORTED_SECONDS[1] else None


def padded(n, width):
    return str(n).rjust(width, "0")


def date_pieces(fmt):
    """`fmt` as (is_directive, character) pairs, or an error naming the first bad directive."""
    out, chars, n = [], clusters(fmt), 0
    while n < len(chars):
        c = chars[n]
        n += 1
        if c != "%":
            out.append((False, c))
            continue
        if n == len(chars):
            raise DateFormatError("the format %s ends with a lone `%%`" % quote(fmt))
        d = chars[n]
        n += 1
        if len(d) != 1 or d not in DATE_DIRECTIVES:
            raise DateFormatError("unknown directive `%%%s` in the format %s" % (d, quote(fmt)))
        out.append((True, d))
    return out


def format_directive(d, c):
    y, m, day, h, mi, s = c
    if d == "Y":
        return padded(y, 4)
    if d in "mdHMS":
        return padded({"m": m, "d": day, "H": h, "M": mi, "S": s}[d], 2)
    if d == "j":
        return padded(days_from_civil(y, m, day) - days_from_civil(y, 1, 1) + 1, 3)
    if d in "aA":
        name = WEEKDAY_NAMES[weekday_of(y, m, day) - 1]
        return name[:3] if d == "a" else name
    if d in "bB":
        return MONTH_NAMES[m - 1][:3] if d == "b" else MONTH_NAMES[m - 1]
    if d == "y":
        return padded(y % 100, 2)
    if d == "e":
        return " %d" % day if day < 10 else str(day)
    return {"Z": "UTC", "z": "+0000"}.get(d, "%")


def expect_arg(v, kind, function, what):
    if type(v) is not kind:
        raise fault("%s: expected %s, got %s" % (function, what, type_name(v)))
    return v


def civi_format_date(d, fmt):
    expect_arg(d, Date, "format_date", "a date")
    expect_arg(fmt, str, "format_date", 'a format string like "%Y-%m-%d"')
    try:
        pieces = date_pieces(fmt)
    except DateFormatError as e:
        raise fault("format_date: " + e.message)
    c = civil_of(d)
    return "".join(format_directive(x, c) if directive else x for directive, x in pieces)


class DateReader:
    """Reads a date written in a format, as civi's `parse_date` does (UTC unless the text has %z)."""

    def __init__(self, text_, fmt):
        self.text, self.fmt, self.pos = clusters(text_), fmt, 0
        self.fields = [1970, 1, 1, 0, 0, 0]
        self.day_of_year, self.month_or_day, self.offset = None, False, 0

    def mismatch(self, why):
        return DateFormatError("%s does not match the format %s at character %d: %s"
                               % (quote("".join(self.text)), quote(self.fmt), self.pos + 1, why))

    def run(self):
        for directive, c in date_pieces(self.fmt):
            if not directive and c == " ":
                while self.pos < len(self.text) and self.text[self.pos].isspace():
                    self.pos += 1
            elif not directive:
                if self.pos >= len(self.text) or self.text[self.pos] != c:
                    raise self.mismatch("expected " + quote(c))
                self.pos += 1
            else:
                self.read(c)
        if self.pos != len(self.text):
            raise self.mismatch("unexpected %s after the end of the format" % quote("".join(self.text[self.pos:])))
        y, m, d, h, mi, s = self.fields
        if self.day_of_year is not None:
            if self.month_or_day:
                raise DateFormatError("the format %s has both %%j and a month or day; use one or the other" % quote(self.fmt))
            if self.day_of_year > days_from_civil(y, 12, 31) - days_from_civil(y, 1, 1) + 1:
                raise self.mismatch("day of the year %d does not exist in %d" % (self.day_of_year, y))
            jan1 = date_of_civil([y, 1, 1, h, mi, s])
            if jan1 is None:
                raise self.mismatch("the year %d is out of range" % y)
            return self.shifted(jan1.seconds + (self.day_of_year - 1) * 86400)
        start = date_of_civil(self.fields)
        if start is None:
            raise DateFormatError("%s in the format %s is %s-%s-%s, which is not a valid date (%s)"
                                  % (quote("".join(self.text)), quote(self.fmt), padded(y, 4), padded(m, 2), padded(d, 2),
                                     SUPPORTED_YEARS))
        return self.shifted(start.seconds)

    def shifted(self, seconds):
        seconds -= self.offset
        if not SUPPORTED_SECONDS[0] <= seconds < SUPPORTED_SECONDS[1]:
            raise self.mismatch("the date is outside the supported dates (%s)" % SUPPORTED_YEARS)
        return Date(seconds)

    def read(self, d):
        f = self.fields
        if d in "mdebB":
            self.month_or_day = True
        if d == "Y":
            f[0] = self.number(d, 1, 4)
        elif d == "m":
            f[1] = self.ranged(d, 1, 2, 1, 12, "month")
        elif d in "de":
            if d == "e" and self.pos < len(self.text) and self.text[self.pos] == " ":
                self.pos += 1
            f[2] = self.ranged(d, 1, 2, 1, 31, "day")
        elif d == "H":
            f[3] = self.ranged(d, 1, 2, 0, 23, "hour")
        elif d == "M":
            f[4] = self.ranged(d, 1, 2, 0, 59, "minute")
        elif d == "S":
            f[5] = self.ranged(d, 1, 2, 0, 60, "second")
        elif d == "j":
            self.day_of_year = self.ranged(d, 1, 3, 1, 366, "day of the year")
        elif d == "y":
            y = self.number(d, 2, 2)
            f[0] = 2000 + y if y < 69 else 1900 + y
        elif d in "aA":
            self.name(d, WEEKDAY_NAMES)
        elif d in "bB":
            f[1] = self.name(d, MONTH_NAMES) + 1
        elif d == "Z":
            self.zone_name()
        elif d == "z":
            self.zone_offset()
        else:
            if self.pos >= len(self.text) or self.text[self.pos] != "%":
                raise self.mismatch('expected "%"')
            self.pos += 1

    def number(self, d, fewest, most):
        value = n = 0
        while n < most and self.pos < len(self.text) and self.text[self.pos] in "0123456789" and len(self.text[self.pos]) == 1:
            value = value * 10 + int(self.text[self.pos])
            self.pos += 1
            n += 1
        if n < fewest:
            count = str(fewest) if fewest == most else "%d to %d" % (fewest, most)
            raise self.mismatch("expected %s digits for %%%s" % (count, d))
        return value

    def ranged(self, d, fewest, most, lo, hi, what):
        start = self.pos
        v = self.number(d, fewest, most)
        if not lo <= v <= hi:
            self.pos = start
            raise self.mismatch("%s %d is out of range (%d-%d)" % (what, v, lo, hi))
        return v

    def name(self, d, names):
        rest = "".join(self.text[self.pos:]).lower()
        for i, full in enumerate(names):
            for candidate in (full.lower(), full.lower()[:3]):
                if rest.startswith(candidate):
                    self.pos += len(candidate)
                    return i
        kind = "weekday" if len(names) == 7 else "month"
        raise self.mismatch("expected a %s name for %%%s (e.g. %s or %s)" % (kind, d, names[0][:3], names[0]))

    def zone_name(self):
        for zone in ("UTC", "GMT", "Z"):
            end = self.pos + len(zone)
            if end <= len(self.text) and "".join(self.text[self.pos:end]).upper() == zone:
                self.pos = end
                return
        raise self.mismatch("expected UTC, GMT or Z for %Z (other zone names are not understood; use %z for an offset)")

    def zone_offset(self):
        if self.pos >= len(self.text) or self.text[self.pos] not in ("Z", "z", "+", "-"):
            raise self.mismatch("expected a zone offset like +0200 or Z for %z")
        if self.text[self.pos] in ("Z", "z"):
            self.pos += 1
            return
        sign = -1 if self.text[self.pos] == "-" else 1
        self.pos += 1
        hours = self.ranged("z", 2, 2, 0, 23, "zone hour")
        if self.pos < len(self.text) and self.text[self.pos] == ":":
            self.pos += 1
        minutes = 0
        if self.pos < len(self.text) and self.text[self.pos] in "0123456789" and len(self.text[self.pos]) == 1:
            minutes = self.ranged("z", 2, 2, 0, 59, "zone minute")
        self.offset = sign * (hours * 3600 + minutes * 60)


def civi_parse_date(text_, fmt):
    expect_arg(text_, str, "parse_date", "a string")
    expect_arg(fmt, str, "parse_date", 'a format string like "%Y-%m-%d"')
    try:
        return DateReader(text_, fmt).run()
    except DateFormatError as e:
        raise fault("parse_date: " + e.message)


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (0 if a[i - 1] == b[j - 1] else 1))
        prev = cur
    return prev[len(b)]


def civi_date_trunc(d, unit):
    """The start of the minute, hour, day, week (from Monday), month or year that `d` falls in."""
    expect_arg(d, Date, "date_trunc", "a date")
    expect_arg(unit, str, "date_trunc", "a unit string (%s)" % ", ".join(TRUNCATION_UNITS))
    if unit not in TRUNCATION_UNITS:
        best = None
        for u in TRUNCATION_UNITS:
            n = edit_distance(clusters(u), clusters(unit))
            if n <= 2 and (best is None or n < best[1]):
                best = (u, n)
        guess = "; did you mean %s?" % quote(best[0]) if best else ""
        raise fault("date_trunc: unknown unit %s%s" % (quote(unit), guess))
    y, m, day, h, mi, _ = civil_of(d)
    c = [y, m, day, h, mi, 0]
    if unit != "minute":
        c[4] = 0
    if unit in ("day", "week", "month", "year"):
        c[3] = 0
        if unit in ("month", "year"):
            c[2] = 1
        if unit == "year":
            c[1] = 1
    start = date_of_civil(c)
    if unit == "week":
        return Date(start.seconds - (weekday_of(c[0], c[1], c[2]) - 1) * 86400)
    return start


# @section table needs: core stages graphemes
def single_line(s):
    """`s` with control characters escaped so a table cell stays on one line (as civi's tables)."""
    out = []
    for ch in s:
        c = ord(ch)
        if c < 0x20 or 0x7F <= c <= 0x9F:
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or "\\u{%x}" % c)
        else:
            out.append(ch)
    return "".join(out)


def width_of(s):
    return len(clusters(s))


def render_table(xs):
    """The `table` stage: civi's aligned text table with no width limit, then `(N rows)`."""
    rows = list(items(xs, "table"))
    footer = "(1 row)" if len(rows) == 1 else "(%d rows)" % len(rows)
    if rows and all(type(r) is dict for r in rows):
        lines = table_lines(rows)
    else:
        lines = [single_line(repr_value(r)) for r in rows]
    return "\n".join(lines + [footer])


def table_lines(records):
    columns, seen = [], set()
    for r in records:
        for k in r:
            if k not in seen:
                seen.add(k)
                columns.append(k)
    if not columns:
        return ["{}" for _ in records]
    numeric = []
    for k in columns:
        kinds = [type(r[k]) for r in records if r.get(k) is not None]
        numeric.append(any(t in (int, float) for t in kinds) and all(t in (int, float) for t in kinds))
    cells = [[None if k not in r else single_line(r[k] if type(r[k]) is str else repr_value(r[k])) for k in columns]
             for r in records]
    widths = [max([width_of(single_line(k))] + [width_of(row[c]) for row in cells if row[c] is not None])
              for c, k in enumerate(columns)]

    def cell(text_, c):
        fill = " " * max(widths[c] - width_of(text_), 0)
        return fill + text_ if numeric[c] else text_ + fill

    def join(parts):
        return "  ".join(parts).rstrip(" ")

    lines = [join([cell(single_line(k), c) for c, k in enumerate(columns)]), join(["─" * w for w in widths])]
    for row in cells:
        lines.append(join([" " * widths[c] if t is None else cell(t, c) for c, t in enumerate(row)]))
    return lines


# @section files needs: core json stages
import csv
import io


def civi_env(name):
    return os.environ.get(expect_string(name, "env"))


def expect_string(v, function):
    if type(v) is not str:
        raise fault("%s() expects a string path, got %s" % (function, type_name(v)))
    return v


def read_file(path, function):
    try:
        with open(expect_string(path, function), "rb") as f:
            return f.read()
    except OSError as e:
        raise fault("%s(): cannot read %s: %s" % (function, quote(path), e.strerror))


def write_file(path, data, function):
    try:
        with open(expect_string(path, function), "wb") as f:
            f.write(data)
    except OSError as e:
        raise fault("%s(): cannot write %s: %s" % (function, quote(path), e.strerror))


def civi_read_text(path):
    try:
        return read_file(path, "read_text").decode()
    except UnicodeDecodeError:
        raise fault("read_text(): %s is not UTF-8 text" % quote(path))


def civi_read_json(path):
    text_ = read_file(path, "read_json").decode()
    try:
        if path.endswith(".ndjson"):
            return [parse_json(line) for line in text_.splitlines() if line.strip()]
        return parse_json(text_)
    except ValueError as e:
        raise fault("read_json(): %s: %s" % (quote(path), e))


def civi_read_csv(path):
    """Rows as records keyed by the header; every field a string, blank lines skipped."""
    data = read_file(path, "read_csv").decode("utf-8-sig")
    rows = [row for row in csv.reader(io.StringIO(data, newline="")) if row]
    if not rows:
        return []
    header = rows[0]
    return [{k: (row[n] if n < len(row) else None) for n, k in enumerate(header)} for row in rows[1:]]


def csv_cell(v):
    if v is None:
        return ""
    if type(v) is str:
        return v
    if type(v) is Date:
        return v.iso()
    if type(v) in (list, dict):
        return json_text(v)
    return text(v)


def csv_field(s, quote_empty):
    if (quote_empty and s == "") or any(c in s for c in ',"\n\r'):
        return '"' + s.replace('"', '""') + '"'
    return s


def csv_text(rows, function):
    header = []
    for n, r in enumerate(rows):
        if type(r) is not dict:
            raise fault("%s: row %d is a %s, not a record" % (function, n + 1, type_name(r)))
        header += [k for k in r if k not in header]
    quote_empty = len(header) == 1
    lines = [",".join(csv_field(k, quote_empty) for k in header)] if header else []
    lines += [",".join(csv_field(csv_cell(r.get(k)), quote_empty) for k in header) for r in rows]
    return "\n".join(lines)


def civi_write_text(path, s):
    if type(s) is not str:
        raise fault("write_text() expects a string to write, got " + type_name(s))
    write_file(path, s.encode(), "write_text")


def civi_write_json(path, v):
    write_file(path, (json_text(v, pretty=True) + "\n").encode(), "write_json")


def civi_write_csv(path, rows):
    if type(rows) is not list:
        raise fault("write_csv() expects a list of records, got " + type_name(rows))
    body = csv_text(rows, "write_csv")
    write_file(path, (body + "\n" if body else "").encode(), "write_csv")


def render(xs, kind):
    rows = collect(xs)
    if kind == "json":
        return json_text(rows, pretty=True)
    if kind == "csv":
        return csv_text(rows, "csv")
    if kind == "ndjson":
        return "\n".join(json_text(r) for r in rows)
    raise fault("the `table` stage is not exported; use json or csv")


def save(xs, path):
    expect_string(path, "save")
    kind = next((k for k in ("ndjson", "json", "csv") if path.endswith("." + k)), None)
    if kind is None:
        raise fault("save: cannot tell the format of %s from its extension" % quote(path))
    rows = collect(xs)
    body = render(rows, kind)
    write_file(path, (body + "\n" if body else "").encode(), "save")
    return len(rows)
