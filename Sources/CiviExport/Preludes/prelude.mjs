// civi's runtime for exported JavaScript programs (Node 18+, ES module, no packages).
// Values: null, booleans, ints as BigInt, floats as numbers, strings, CiviDate, arrays (lists)
// and Maps (records, so key order is always insertion order). The exporter copies only the
// sections a program uses: each starts with a line "// @section NAME needs: OTHER ..." and runs
// to the next such line.

// @section core needs:
import fs from "node:fs";
import process from "node:process";

const INT_MIN = -(2n ** 63n);
const INT_MAX = 2n ** 63n - 1n;
const KEYWORDS = new Set(["if", "else", "for", "in", "while", "break", "continue", "fn", "return",
  "try", "catch", "and", "or", "not", "true", "false", "null"]);
const ARGS = process.argv.slice(2);

/** An error a civi `catch` can handle: API failures carry status, code, fields and request id. */
class CiviError extends Error {
  constructor(message, { status = null, code = null, fields = null, requestId = null } = {}) {
    super(message);
    Object.assign(this, { status, code, fields, requestId });
  }

  record() {
    const fields = this.fields === null ? null
      : new Map(Object.entries(this.fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return new Map([["message", this.message], ["status", this.status === null ? null : BigInt(this.status)],
      ["code", this.code], ["fields", fields], ["request_id", this.requestId], ["line", null]]);
  }
}

class ExitProgram extends Error {
  constructor(code, message = null) {
    super(`exit ${code}`);
    Object.assign(this, { code, message });
  }
}

/** An instant (seconds since 1970, UTC); prints as ISO-8601 with milliseconds when not whole. */
class CiviDate {
  constructor(seconds) { this.seconds = seconds; }

  iso() {
    let whole = Math.floor(this.seconds);
    let millis = Math.floor((this.seconds - whole) * 1000 + 0.5);
    if (millis === 1000) { whole += 1; millis = 0; }
    const text = new Date(whole * 1000).toISOString().slice(0, 19);
    return text + (millis ? "." + String(millis).padStart(3, "0") : "") + "Z";
  }
}

const ISO_DATE = /^(\d{4})-(\d\d)-(\d\d)(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?)?(Z|z|[+-]\d\d(?::?\d\d)?)?$/;

/** The CiviDate an ISO-8601 text stands for, or null. */
function parse_date(text) {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone] = m;
  // setUTCFullYear, unlike Date.UTC, takes years 0-99 as written (not as 1900-1999).
  const check = new Date(0);
  check.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  const day = check.getTime();
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return null;
  let seconds = day / 1000 + Number(h) * 3600 + Number(mi) * 60 + Number(s) + Number(frac || 0);
  if (zone && zone !== "Z" && zone !== "z") {
    const digits = zone.slice(1).replace(":", "");
    seconds -= (zone[0] === "-" ? -1 : 1) * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || 0) * 60);
  }
  return new CiviDate(seconds);
}

function type_name(v) {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "boolean": return "bool";
    case "bigint": return "int";
    case "number": return "float";
    case "string": return "string";
    case "function": return "function";
    default:
      if (v instanceof CiviDate) return "date";
      if (Array.isArray(v)) return "list";
      if (v instanceof Map) return "record";
      return "stream";
  }
}

/** civi's truth: only null and false are false. */
function truthy(v) { return v !== null && v !== undefined && v !== false; }

/** A float as civi (Swift) prints it: shortest digits, `.0` when whole, exponent from 1e16 and below 1e-4. */
function fmt_float(d) {
  if (Number.isNaN(d)) return "nan";
  if (!Number.isFinite(d)) return d < 0 ? "-inf" : "inf";
  if (d === 0) return Object.is(d, -0) ? "-0.0" : "0.0";
  const [mantissa, e] = d.toExponential().split("e");
  const exp = Number(e);
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = d < 0 ? "-" : "";
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    return sign + m + "e" + (exp < 0 ? "-" : "+") + String(Math.abs(exp)).padStart(2, "0");
  }
  if (exp < 0) return sign + "0." + "0".repeat(-exp - 1) + digits;
  if (digits.length <= exp + 1) return sign + digits + "0".repeat(exp + 1 - digits.length) + ".0";
  return sign + digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
}

function is_identifier(key) { return !KEYWORDS.has(key) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key); }

function quote(s) {
  let out = '"';
  const chars = [...s];
  chars.forEach((ch, n) => {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "$" && chars[n + 1] === "{") out += "\\$";
    else if (c < 0x20 || c === 0x7f) out += "\\u{" + c.toString(16).toUpperCase() + "}";
    else out += ch;
  });
  return out + '"';
}

/** The literal form civi prints inside lists and records (strings quoted). */
function repr_value(v) {
  switch (type_name(v)) {
    case "null": return "null";
    case "bool": return v ? "true" : "false";
    case "int": return v.toString();
    case "float": return fmt_float(v);
    case "string": return quote(v);
    case "date": return v.iso();
    case "list": return "[" + v.map(repr_value).join(", ") + "]";
    case "record":
      return "{" + [...v].map(([k, x]) => (is_identifier(k) ? k : quote(k)) + ": " + repr_value(x)).join(", ") + "}";
    case "stream": return "<stream " + v.label + ">";
    default: return "<fn " + (v.name || "lambda") + ">";
  }
}

/** What `print` and interpolation show: a string as itself, anything else as its literal. */
function text(v) { return typeof v === "string" ? v : repr_value(v); }

function civi_print(...values) { process.stdout.write(values.map(text).join(" ") + "\n"); return null; }

function civi_eprint(...values) { process.stderr.write(values.map(text).join(" ") + "\n"); return null; }

function fault(message) { return new CiviError(message); }

function checked(n, op) {
  if (n < INT_MIN || n > INT_MAX) throw fault(`integer overflow in \`${op}\``);
  return n;
}

function is_number(v) { return typeof v === "bigint" || typeof v === "number"; }

function num(v) { return Number(v); }

function type_fault(op, a, b) { return fault(`cannot apply \`${op}\` to ${type_name(a)} and ${type_name(b)}`); }

function add(a, b) {
  if (typeof a === "bigint" && typeof b === "bigint") return checked(a + b, "+");
  if (is_number(a) && is_number(b)) return num(a) + num(b);
  if (typeof a === "string" && typeof b === "string") return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (a instanceof Map && b instanceof Map) return new Map([...a, ...b]);
  if (a instanceof CiviDate && is_number(b)) return new CiviDate(a.seconds + num(b));
  if (b instanceof CiviDate && is_number(a)) return new CiviDate(b.seconds + num(a));
  throw type_fault("+", a, b);
}

function sub(a, b) {
  if (typeof a === "bigint" && typeof b === "bigint") return checked(a - b, "-");
  if (is_number(a) && is_number(b)) return num(a) - num(b);
  if (a instanceof CiviDate && b instanceof CiviDate) return a.seconds - b.seconds;
  if (a instanceof CiviDate && is_number(b)) return new CiviDate(a.seconds - num(b));
  throw type_fault("-", a, b);
}

function mul(a, b) {
  if (typeof a === "bigint" && typeof b === "bigint") return checked(a * b, "*");
  if (is_number(a) && is_number(b)) return num(a) * num(b);
  throw type_fault("*", a, b);
}

function div(a, b) {
  if (!is_number(a) || !is_number(b)) throw type_fault("/", a, b);
  if (num(b) === 0) throw fault("division by zero");
  return num(a) / num(b);
}

function rem(a, b) {
  if (!is_number(a) || !is_number(b)) throw type_fault("%", a, b);
  if (num(b) === 0) throw fault("remainder by zero");
  if (typeof a === "bigint" && typeof b === "bigint") return checked(a % b, "%");
  return num(a) % num(b);
}

function neg(a) {
  if (typeof a === "bigint") return checked(-a, "-");
  if (typeof a === "number") return -a;
  throw fault("cannot negate " + type_name(a));
}

/** An int and a float compare exactly (no rounding of large ints). */
function compare_numbers(a, b) {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  const [i, f, sign] = typeof a === "bigint" ? [a, b, 1] : [b, a, -1];
  if (Number.isNaN(f)) return sign;
  if (!Number.isFinite(f)) return f > 0 ? -sign : sign;
  const whole = Math.floor(f);
  const w = BigInt(whole);
  if (i !== w) return (i < w ? -1 : 1) * sign;
  return (f > whole ? -1 : 0) * sign;
}

/** Structural equality: ints equal floats of the same value; bools equal only bools. */
function eq(a, b) {
  if (is_number(a) && is_number(b)) return !Number.isNaN(num(a)) && !Number.isNaN(num(b)) && compare_numbers(a, b) === 0;
  const ta = type_name(a);
  if (ta !== type_name(b)) return false;
  if (ta === "list") return a.length === b.length && a.every((x, n) => eq(x, b[n]));
  if (ta === "record") return a.size === b.size && [...a].every(([k, x]) => b.has(k) && eq(x, b.get(k)));
  if (ta === "date") return a.seconds === b.seconds;
  return a === b;
}

function ne(a, b) { return !eq(a, b); }

const RANKS = { null: 0, bool: 1, int: 2, float: 2, date: 3, string: 4, list: 5, record: 6 };

function compare_strings(a, b) {
  const x = Buffer.from(a), y = Buffer.from(b);
  return Buffer.compare(x, y);
}

/** -1, 0 or 1: civi's total order (null < false < true < numbers < dates < strings < lists < records). */
function order(a, b) {
  const ra = RANKS[type_name(a)] ?? 7, rb = RANKS[type_name(b)] ?? 7;
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 1: return a === b ? 0 : a ? 1 : -1;
    case 2: {
      const na = typeof a === "number" && Number.isNaN(a), nb = typeof b === "number" && Number.isNaN(b);
      if (na || nb) return na && nb ? 0 : na ? -1 : 1;
      return compare_numbers(a, b);
    }
    case 3: return a.seconds < b.seconds ? -1 : a.seconds > b.seconds ? 1 : 0;
    case 4: return compare_strings(a, b);
    case 5: {
      for (let n = 0; n < Math.min(a.length, b.length); n++) {
        const c = order(a[n], b[n]);
        if (c) return c;
      }
      return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
    }
    case 6: {
      const ka = [...a.keys()].sort(compare_strings), kb = [...b.keys()].sort(compare_strings);
      const c = order(ka, kb);
      if (c) return c;
      for (const k of ka) {
        const d = order(a.get(k), b.get(k));
        if (d) return d;
      }
      return 0;
    }
    default: return 0;
  }
}

function lt(a, b) { return order(a, b) < 0; }
function le(a, b) { return order(a, b) <= 0; }
function gt(a, b) { return order(a, b) > 0; }
function ge(a, b) { return order(a, b) >= 0; }

/** `needle in haystack`: list membership, record key, substring. */
function member(needle, haystack) {
  if (Array.isArray(haystack)) return haystack.some((x) => eq(needle, x));
  if (haystack instanceof Map) {
    if (typeof needle !== "string") throw fault("`in` a record needs a string key, got " + type_name(needle));
    return haystack.has(needle);
  }
  if (typeof haystack === "string") {
    if (typeof needle !== "string") throw fault("`in` a string needs a string, got " + type_name(needle));
    return haystack.includes(needle);
  }
  if (haystack === null) return false;
  throw fault("cannot use `in` with " + type_name(haystack));
}

function matches(s, pattern) {
  if (typeof s !== "string" || typeof pattern !== "string") {
    throw fault(`\`=~\` needs a string on the left and a pattern string on the right, got ${type_name(s)} and ${type_name(pattern)}`);
  }
  return new RegExp(pattern, "u").test(s);
}

async function coalesce(a, b) { return a === null || a === undefined ? await b() : a; }

/** `v.name`: a missing field, or a field of null, is null. */
function field(v, name) {
  if (v instanceof Map) return v.has(name) ? v.get(name) : null;
  if (v === null) return null;
  if (v instanceof CiviDate) {
    // A date's parts, as UTC ints (weekday: 1 = Monday … 7 = Sunday).
    const t = new Date(Math.floor(v.seconds) * 1000);
    const parts = { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), hour: t.getUTCHours(),
                    minute: t.getUTCMinutes(), second: t.getUTCSeconds(), weekday: t.getUTCDay() || 7 };
    if (name in parts) return BigInt(parts[name]);
  }
  throw fault(`cannot read field \`${name}\` of ${type_name(v)}`);
}

/** `v.name?`: the field, or null when it is missing or `v` is not a record. */
function field_or_null(v, name) {
  return v instanceof Map && v.has(name) ? v.get(name) : null;
}

/** `v[lo:hi]` on a list or string (by character): Python's clamping; a null bound is that end. */
function slice_of(v, lo, hi) {
  if (v === null) return null;
  const isString = typeof v === "string";
  if (!isString && !Array.isArray(v)) throw fault(`cannot slice ${type_name(v)}`);
  for (const bound of [lo, hi]) {
    if (bound !== null && typeof bound !== "bigint") throw fault(`a slice bound must be an int, got ${type_name(bound)}`);
  }
  const items = isString ? [...v] : v;
  const clamp = (b, dflt) => {
    if (b === null) return dflt;
    const n = Number(b);
    return n < 0 ? Math.max(0, items.length + n) : Math.min(n, items.length);
  };
  const out = items.slice(clamp(lo, 0), clamp(hi, items.length));
  return isString ? out.join("") : out;
}

/** `v[key]`: out-of-range indexes and missing keys give null; negative indexes count from the end. */
function index(v, key) {
  if ((Array.isArray(v) || typeof v === "string") && typeof key === "bigint") {
    const items = typeof v === "string" ? [...v] : v;
    const k = key < 0n ? items.length + Number(key) : Number(key);
    return k >= 0 && k < items.length ? items[k] : null;
  }
  if (v instanceof Map && typeof key === "string") return v.has(key) ? v.get(key) : null;
  if (v === null) return null;
  if (Array.isArray(v) || typeof v === "string") throw fault(`a ${type_name(v)} index must be an int, got ${type_name(key)}`);
  if (v instanceof Map) throw fault("a record key must be a string, got " + type_name(key));
  throw fault("cannot index " + type_name(v));
}

/** A copy of `value` with `next` at `path` (`a.b[0] = x`); the original never changes. */
function assign(value, path, next) {
  if (path.length === 0) return next;
  const [key, ...rest] = path;
  if (value instanceof Map && typeof key === "string") {
    const out = new Map(value);
    out.set(key, assign(value.has(key) ? value.get(key) : null, rest, next));
    return out;
  }
  if (Array.isArray(value) && typeof key === "bigint") {
    const k = key < 0n ? value.length + Number(key) : Number(key);
    if (k < 0 || k >= value.length) throw fault(`index ${key} is out of range for a list of ${value.length}`);
    const out = [...value];
    out[k] = assign(value[k], rest, next);
    return out;
  }
  if (typeof key === "string") throw fault(`cannot set field \`${key}\` of ${type_name(value)}`);
  throw fault(`cannot assign into ${type_name(value)} by index`);
}

function record(...pairs) {
  const out = new Map();
  for (let n = 0; n < pairs.length; n += 2) out.set(pairs[n], pairs[n + 1]);
  return out;
}

async function call(f, ...args) {
  if (typeof f !== "function") throw fault(type_name(f) + " is not a function");
  return await f(...args);
}

/** A call civi refuses once its arguments are evaluated (named arguments of a function that takes none). */
function refuse_call(message, ...args) { throw fault(message); }

/** An API function used as a value: civi's argument-count check, then the call (absent optional arguments are null). */
function api_function(name, lo, hi, f) {
  const callApi = async (...args) => {
    if (args.length < lo || args.length > hi) {
      const want = lo === hi ? String(lo) : `${lo} to ${hi}`;
      throw fault(`${name}() takes ${want} argument${want === "1" ? "" : "s"}, got ${args.length}`);
    }
    while (args.length < hi) args.push(null);
    return await f(...args);
  };
  Object.defineProperty(callApi, "name", { value: name });
  return callApi;
}

function interpolate(...parts) { return parts.map(text).join(""); }

function fail_with(message) {
  if (message instanceof Map) {
    const status = typeof message.get("status") === "bigint" ? Number(message.get("status")) : null;
    const code = typeof message.get("code") === "string" ? message.get("code") : null;
    const msg = message.has("message") ? text(message.get("message")) : "error";
    throw new CiviError(msg, { status, code });
  }
  throw new CiviError(text(message));
}

function civi_assert(cond, message = null) {
  if (!truthy(cond)) throw new CiviError("assertion failed" + (message === null ? "" : ": " + text(message)));
  return null;
}

/** `assert(left OP right)`: a failure shows the condition and both sides, as civi does. */
function civi_assert_compare(op, left, right, source, ...message) {
  const holds = { "==": eq, "!=": ne, "<": lt, "<=": le, ">": gt, ">=": ge }[op](left, right);
  if (!holds) {
    const head = "assertion failed: " + (message.length ? text(message[0]) + "\n  " : "");
    throw new CiviError(head + source + "\n  left:  " + repr_value(left) + "\n  right: " + repr_value(right));
  }
  return null;
}

/** The record a civi `catch e` binds. */
function caught(err) {
  if (!(err instanceof CiviError)) throw err;
  return err.record();
}

function civi_fail(message) { throw new ExitProgram(1, text(message)); }

function civi_exit(code = 0n, message = null) {
  if (typeof code !== "bigint") throw fault("exit() expects an int status code, got " + type_name(code));
  throw new ExitProgram(Number(code), message === null ? null : text(message));
}

/** Runs the program; an uncaught error prints like civi's and exits 1. */
async function run_main(main) {
  try {
    await main();
  } catch (err) {
    if (err instanceof ExitProgram) {
      if (err.message !== null) process.stderr.write(err.message + "\n");
      process.exitCode = err.code;
      return;
    }
    if (!(err instanceof CiviError)) throw err;
    const detail = err.status === null ? "" : ` (HTTP ${err.status}${err.code ? ", " + err.code : ""})`;
    process.stderr.write("error: " + err.message + detail + "\n");
    process.exitCode = 1;
  }
}

// @section json needs: core
/** civi's JSON: dates as ISO strings, floats as Swift prints them, only C0 controls escaped. */
function json_text(v, pretty = false, indent = 0) {
  switch (type_name(v)) {
    case "null": return "null";
    case "bool": return v ? "true" : "false";
    case "int": return v.toString();
    case "float":
      if (!Number.isFinite(v)) throw fault(`the number ${fmt_float(v)} has no JSON form`);
      return fmt_float(v);
    case "string": return json_string(v);
    case "date": return '"' + v.iso() + '"';
    case "list":
    case "record": {
      const isList = Array.isArray(v);
      const items = isList ? v : [...v];
      if (items.length === 0) return isList ? "[]" : "{}";
      const pad = pretty ? "\n" + "  ".repeat(indent + 1) : "";
      const parts = items.map((item) => pad + (isList ? json_text(item, pretty, indent + 1)
        : json_string(item[0]) + (pretty ? ": " : ":") + json_text(item[1], pretty, indent + 1)));
      const close = pretty ? "\n" + "  ".repeat(indent) : "";
      return (isList ? "[" : "{") + parts.join(",") + close + (isList ? "]" : "}");
    }
    case "stream": throw fault("a stream has no JSON form; `| collect` it first");
    default: throw fault("a function has no JSON form");
  }
}

const JSON_ESCAPES = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function json_string(s) {
  let out = '"';
  for (const ch of s) {
    const e = JSON_ESCAPES[ch];
    if (e) out += e;
    else if (ch.charCodeAt(0) < 0x20) out += "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + '"';
}

/** Parses JSON into civi values: integers as BigInt, objects as Maps, strings right under `*_at`
 *  keys as dates (as in civi, not strings inside a list there). */
function parse_json(source) {
  if (!NEEDS_EXACT_PARSE.test(source)) {
    try {
      return json_value(JSON.parse(source), "");
    } catch {
      // Not JSON after all: the exact parser below says where.
    }
  }
  return parse_json_exactly(source);
}

// JSON.parse is several times faster than the parser below but cannot tell 1 from 1.0, rounds
// integers past 2^53 and moves integer-like keys first; a text that may hold any of those (a
// number with a point or exponent, one of 16 digits or more, an all-digit key) takes the slow path.
const NEEDS_EXACT_PARSE = /(?:^|[:,[])\s*-?\d+[.eE]|(?:^|[:,[])\s*-?\d{16}|"\d+"\s*:/;

/** A JSON.parse result as civi values (numbers are all integers here, see NEEDS_EXACT_PARSE). */
function json_value(v, key) {
  switch (typeof v) {
    case "number": return BigInt(v);
    case "string": return key.endsWith("_at") ? parse_date(v) ?? v : v;
    case "object": {
      if (v === null) return null;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) v[i] = json_value(v[i], "");
        return v;
      }
      const out = new Map();
      for (const k of Object.keys(v)) out.set(k, json_value(v[k], k));
      return out;
    }
    default: return v;
  }
}

/** The parser for any JSON text: exact integers, key order as written. */
function parse_json_exactly(source) {
  let at = 0;
  const fail = (what) => { throw new SyntaxError(`${what} at offset ${at}`); };
  const space = () => { while (at < source.length && " \t\n\r".includes(source[at])) at++; };
  const value = (key) => {
    space();
    const c = source[at];
    if (c === "{") {
      at++;
      const out = new Map();
      space();
      if (source[at] === "}") { at++; return out; }
      for (;;) {
        space();
        if (source[at] !== '"') fail("expected a key");
        const k = string();
        space();
        if (source[at++] !== ":") fail("expected :");
        out.set(k, value(k));
        space();
        if (source[at] === ",") { at++; continue; }
        if (source[at++] !== "}") fail("expected , or }");
        return out;
      }
    }
    if (c === "[") {
      at++;
      const out = [];
      space();
      if (source[at] === "]") { at++; return out; }
      for (;;) {
        out.push(value(""));
        space();
        if (source[at] === ",") { at++; continue; }
        if (source[at++] !== "]") fail("expected , or ]");
        return out;
      }
    }
    if (c === '"') {
      const s = string();
      return key.endsWith("_at") ? parse_date(s) ?? s : s;
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(at, at + 400));
    if (m) {
      at += m[0].length;
      if (m[1] === undefined && m[2] === undefined) {
        const n = BigInt(m[0]);
        return n < INT_MIN || n > INT_MAX ? Number(m[0]) : n;
      }
      return Number(m[0]);
    }
    for (const [word, v] of [["true", true], ["false", false], ["null", null]]) {
      if (source.startsWith(word, at)) { at += word.length; return v; }
    }
    return fail("unexpected character");
  };
  const string = () => {
    const end = scan_string(source, at);
    const s = JSON.parse(source.slice(at, end));
    at = end;
    return s;
  };
  const out = value("");
  space();
  if (at < source.length) fail("unexpected text after the value");
  return out;
}

function scan_string(source, start) {
  let n = start + 1;
  while (n < source.length) {
    const c = source[n];
    if (c === "\\") n += 2;
    else if (c === '"') return n + 1;
    else n++;
  }
  throw new SyntaxError("unterminated string");
}

// @section show needs: json stages
/** The value of a statement as `civi -e` prints it when its output is not a terminal. */
/** The value of an expression statement as `civi -e` prints it (null included). */
async function show_value(v) {
  if (lazy(v)) v = await collect(v);
  process.stdout.write(json_text(v === undefined ? null : v, true) + "\n");
}

async function show(v) {
  if (lazy(v)) v = await collect(v);
  if (v !== null && v !== undefined) process.stdout.write(json_text(v, true) + "\n");
}

// @section api needs: core json
import { randomUUID } from "node:crypto";
import node_http from "node:http";

const BASE_URL = (process.env.CIVICLICK_BASE_URL ?? "https://api.civiclick.com/v2").replace(/\/+$/, "");
const PER_PAGE = 100;
// Pages of one listing requested at once when it is read whole (civi's CIVI_PAGE_CONCURRENCY).
const PAGE_CONCURRENCY = 16;
const RETRYABLE = new Set([429, 502, 503, 504]);
const RETRY_BUDGET = Number(process.env.CIVICLICK_RETRY_BUDGET ?? "300") * 1000;
// The longest wait before one retry, in seconds (a test sets it small; the API asks for 1 s).
const RETRY_WAIT_CAP = Number(process.env.CIVICLICK_RETRY_WAIT_CAP ?? "60") * 1000;
const runtime_settings = { snapshotListings: false };

function api_key() {
  const key = process.env.CIVICLICK_API_KEY;
  if (!key) throw fault("set CIVICLICK_API_KEY to the API key (it is never written into this program)");
  return key;
}

const sleep_ms = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One API request with retries of 429/502/503/504 (honouring Retry-After); the decoded body.
 *  A POST carries one Idempotency-Key for all its attempts, so a retry never doubles a create. */
async function http(method, path, query = [], body = null) {
  const search = query.length ? "?" + new URLSearchParams(query).toString() : "";
  const headers = { Authorization: "Bearer " + api_key(), Accept: "application/json" };
  const data = body === null ? undefined : json_text(body);
  if (data !== undefined) {
    headers["Content-Type"] = "application/json";
    headers["Content-Length"] = Buffer.byteLength(data);
  }
  if (method === "POST") headers["Idempotency-Key"] = randomUUID();
  const transport = await api_transport();
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    let response;
    try {
      response = await exchange(transport, method, BASE_URL + path + search, headers, data);
    } catch (err) {
      if (attempt <= 5) { await sleep_ms(250 * 2 ** (attempt - 1)); continue; }
      throw new CiviError(`could not connect to ${BASE_URL}: ${err.message}`, { code: "transport" });
    }
    const raw = response.text;
    if (response.status >= 200 && response.status < 300) return raw.trim() ? parse_json(raw) : null;
    const busy = response.status === 429 || response.status === 503;
    if (RETRYABLE.has(response.status) && (busy || attempt <= 5) && Date.now() - started < RETRY_BUDGET) {
      const after = response.headers["retry-after"];
      const wait = after && /^\d+$/.test(after) ? Number(after) * 1000
        : Math.min(30000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      await sleep_ms(Math.min(wait, RETRY_WAIT_CAP));
      continue;
    }
    throw api_error(response.status, raw, response.headers["x-request-id"] ?? null);
  }
}

let api_transport_loading = null;

/** node:http or node:https (loaded only for an https base URL) and the pool of kept-alive
 *  connections every request shares (global fetch costs twice the CPU per request). */
function api_transport() {
  api_transport_loading ??= (async () => {
    let protocol = null;
    try { protocol = new URL(BASE_URL).protocol; } catch { protocol = null; }
    if (protocol !== "http:" && protocol !== "https:") {
      throw fault("CIVICLICK_BASE_URL must be an http:// or https:// address, got " + repr_value(BASE_URL));
    }
    const module = protocol === "https:" ? (await import("node:https")).default : node_http;
    return { module, agent: new module.Agent({ keepAlive: true, maxSockets: 64 }) };
  })();
  return api_transport_loading;
}

/** One request and its whole answer; a kept connection the server closed while idle is
 *  replaced at once, without a retry's wait. */
async function exchange(transport, method, url, headers, data) {
  try {
    return await exchange_once(transport, method, url, headers, data);
  } catch (err) {
    if (!err.onReusedConnection || (err.code !== "ECONNRESET" && err.code !== "EPIPE")) throw err;
    return await exchange_once(transport, method, url, headers, data);
  }
}

const utf8_decoder = new TextDecoder();

function exchange_once({ module, agent }, method, url, headers, data) {
  return new Promise((resolve, reject) => {
    const request = module.request(url, { method, headers, agent }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode, headers: response.headers,
        text: utf8_decoder.decode(Buffer.concat(chunks)) }));
      response.on("error", reject);
      response.on("close", () => {
        if (!response.complete) reject(new Error("the connection closed before the whole answer arrived"));
      });
    });
    request.on("error", (err) => {
      err.onReusedConnection = request.reusedSocket;
      reject(err);
    });
    request.setTimeout(60000, () => request.destroy(new Error("nothing received for 60 s")));
    request.end(data);
  });
}

function api_error(status, raw, requestId) {
  let code = null, message = `HTTP ${status}`, fields = null, err = null;
  try { err = JSON.parse(raw).error; } catch { err = null; }
  if (typeof err === "string") message = err;
  else if (err && typeof err === "object") {
    code = err.code ?? null;
    message = err.message || code || message;
    if (err.fields && typeof err.fields === "object") {
      fields = Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    }
  }
  if (status === 401 || status === 403) code = status === 403 ? "forbidden" : "unauthorized";
  return new CiviError(message, { status, code: code ?? `http_${status}`, fields, requestId });
}

function data_of(body) { return body instanceof Map && body.has("data") ? body.get("data") : body; }

/** A lazy listing: pages are fetched only when the records are consumed; `where`, `map`, `take`,
 *  `skip` and `select` stay lazy, `take N` asks the server for only N records. */
class Query {
  constructor(path, params, label, steps = []) { Object.assign(this, { path, params, label, steps }); }

  adding(step, label) { return new Query(this.path, this.params, this.label + " | " + label, [...this.steps, step]); }

  serverLimit() {
    let offset = 0, limit = null;
    for (const [kind, arg] of this.steps) {
      if (kind === "where") return limit;
      if (kind === "skip") offset += arg;
      if (kind === "take") limit = Math.min(limit ?? Infinity, offset + arg);
    }
    return limit;
  }

  /** The server's records in order, following `links.next`; all pages at once (16 requests in
   *  flight, as civi does) when every record is wanted and `meta.total` says how many. */
  async *records(wantsAll = false) {
    const limit = this.serverLimit();
    if (limit === 0) return;
    const perPage = limit === null ? PER_PAGE : Math.min(limit, PER_PAGE);
    const params = [...this.params, ["per_page", String(perPage)]];
    let page = await http("GET", this.path, [...params, ["page", "1"]]);
    const total = field(field(page, "meta"), "total");
    const pages = [page];
    const snapshot = runtime_settings.snapshotListings;
    if ((wantsAll || snapshot) && limit === null && typeof total === "bigint" && Number(total) > perPage) {
      const last = Math.ceil(Number(total) / perPage);
      const numbers = Array.from({ length: last - 1 }, (_, n) => n + 2);
      const fetched = new Array(numbers.length);
      let next = 0;
      await Promise.all(Array.from({ length: PAGE_CONCURRENCY }, async () => {
        while (next < numbers.length) {
          const n = next++;
          fetched[n] = await http("GET", this.path, [...params, ["page", String(numbers[n])]]);
        }
      }));
      pages.push(...fetched);
    } else if (snapshot) {
      while (field(field(page, "links"), "next")) {
        page = await http("GET", this.nextPath(field(field(page, "links"), "next")));
        pages.push(page);
      }
    }
    let yielded = 0;
    while (pages.length) {
      page = pages.shift();
      for (const record of field(page, "data") ?? []) {
        yield record;
        yielded++;
        if (limit !== null && yielded >= limit) return;
      }
      const link = field(field(page, "links"), "next");
      if (!pages.length && link && !snapshot) pages.push(await http("GET", this.nextPath(link)));
    }
  }

  /** A `links.next` URL relative to the base URL (the API gives absolute ones). */
  nextPath(link) {
    if (link.startsWith(BASE_URL)) return link.slice(BASE_URL.length);
    const url = new URL(link, BASE_URL);
    return url.pathname.slice(new URL(BASE_URL).pathname.replace(/\/$/, "").length) + url.search;
  }

  async *iterate(wantsAll = false) {
    const taken = new Map();
    for await (const record of this.records(wantsAll)) {
      let out = record, dropped = false;
      for (const [n, [kind, arg]] of this.steps.entries()) {
        if (kind === "where") {
          if (!truthy(await arg(out))) { dropped = true; break; }
        } else if (kind === "map") {
          out = await arg(out);
        } else if (kind === "skip") {
          const seen = taken.get(n) ?? 0;
          taken.set(n, seen + 1);
          if (seen < arg) { dropped = true; break; }
        } else if (kind === "take") {
          const seen = taken.get(n) ?? 0;
          if (seen >= arg) return;
          taken.set(n, seen + 1);
        }
      }
      if (dropped) continue;
      yield out;
      // A `take` that is full lets nothing more through: stop fetching.
      if (this.steps.some(([kind, arg], n) => kind === "take" && (taken.get(n) ?? 0) >= arg)) return;
    }
  }

  [Symbol.asyncIterator]() { return this.iterate(); }

  /** One request for `meta.total` when no client-side stage changes the number. */
  async count() {
    if (this.steps.every(([kind]) => kind === "map")) {
      const body = await http("GET", this.path, [...this.params, ["page", "1"], ["per_page", "1"]]);
      return field(field(body, "meta"), "total");
    }
    let n = 0n;
    for await (const _ of this.iterate(true)) n++;
    return n;
  }
}

function new_query(path, params, label) { return new Query(path, params, label); }

/** A filter's query value, checked as civi checks it before any request. */
function encode_filter(label, kind, value, choices = []) {
  if (kind === "string") {
    if (typeof value === "string") return value;
    if (typeof value === "bigint") return value.toString();
    throw fault(`${label} expects a string, got ${type_name(value)}`);
  }
  if (kind === "bool") {
    if (typeof value !== "boolean") throw fault(`${label} expects true or false, got ${type_name(value)}`);
    return value ? "true" : "false";
  }
  if (kind === "date") {
    const d = value instanceof CiviDate ? value : typeof value === "string" ? parse_date(value) : null;
    if (d === null) throw fault(`${label} expects a date, got ${type_name(value)}`);
    return d.iso();
  }
  if (kind === "choice") {
    if (typeof value !== "string" || !choices.includes(value)) {
      throw fault(`${label} must be one of ${choices.join(", ")}, got ${repr_value(value)}`);
    }
    return value;
  }
  return id_of(value, label, choices[0] ?? null);
}

/** An id from an id string or a record with an `id` (`resource` names the kind in errors). */
function id_of(value, label, resource = null) {
  if (typeof value === "string" && value) return value;
  if (value instanceof Map) {
    if (typeof value.get("id") === "string") return value.get("id");
    throw fault(`${label} got a record without an id`);
  }
  const noun = resource ? (resource.endsWith("s") ? resource.slice(0, -1) : resource) : null;
  const kind = noun ? ("aeiou".includes(noun[0]) ? "an " : "a ") + noun : "a";
  throw fault(`${label} expects ${kind} record or id, got ${type_name(value)}`);
}

function path_segment(s) { return encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase()); }

/** GET one record by id (an argument with @ is looked up by email where the resource can). */
async function fetch_one(resource, value) {
  const spec = RESOURCES[resource];
  const ident = id_of(value, spec.singular + "()", resource);
  if (ident.includes("@") && spec.byEmail) {
    for await (const record of new Query(spec.list, [["email", ident]], resource).iterate()) return record;
    throw new CiviError(`no ${spec.singular} with email ${ident}`, { status: 404, code: "not_found" });
  }
  return data_of(await http("GET", spec.item.replace("{id}", path_segment(ident))));
}

async function create(resource, rec) {
  if (!(rec instanceof Map)) throw fault(`create_${RESOURCES[resource].singular}() expects a record of fields, got ${type_name(rec)}`);
  return data_of(await http("POST", RESOURCES[resource].list, [], rec));
}

function target(value, fn) {
  const ident = id_of(value, fn + "()");
  const spec = Object.values(RESOURCES).find((s) => ident.startsWith(s.prefix));
  if (!spec) throw fault(`${fn}(): cannot tell which resource \`${ident}\` belongs to`);
  return [spec, ident];
}

async function update(rec, changes) {
  const [spec, ident] = target(rec, "update");
  if (!(changes instanceof Map)) throw fault("update() expects a record of changes, got " + type_name(changes));
  return data_of(await http("PATCH", spec.item.replace("{id}", path_segment(ident)), [], changes));
}

async function delete_record(rec) {
  const [spec, ident] = target(rec, "delete");
  await http("DELETE", spec.item.replace("{id}", path_segment(ident)));
  return null;
}

function raw_path(path) {
  if (typeof path !== "string" || !path) throw fault('the path must be a string like "/advocates", got ' + type_name(path));
  return path.startsWith("/") ? path : "/" + path;
}

function raw_query(query) {
  if (query === null || query === undefined) return [];
  if (!(query instanceof Map)) throw fault("the query must be a record like {page: 2}, got " + type_name(query));
  return [...query].map(([k, v]) => [k, typeof v === "string" ? v : v instanceof CiviDate ? v.iso() : text(v)]);
}

/** `get(path, query?)` is a raw GET; `get(record, "field")` reads a field that may be absent. */
async function civi_get(path, query = null) {
  if (path instanceof Map) {
    if (typeof query !== "string") throw fault("get(record, name) expects a field name string as its second argument");
    return path.has(query) ? path.get(query) : null;
  }
  return await raw("GET", path, null, query);
}

async function raw(method, path, body = null, query = null) {
  if (typeof method !== "string" || !method) throw fault('request() expects a method string like "GET"');
  return await http(method.toUpperCase(), raw_path(path), raw_query(query), body ?? null);
}

// @section stages needs: core
/** The elements of a list or stream, as an async iterable. */
function items(xs, stage) {
  if (Array.isArray(xs)) return xs;
  if (xs && typeof xs.iterate === "function") return xs.iterate(true);
  throw fault(`\`${stage}\` needs a list or a stream, got ${type_name(xs)}`);
}

/** What a `for` loop walks: a list, or a stream page by page. */
function each_of(xs) {
  if (Array.isArray(xs)) return xs;
  if (xs && typeof xs.iterate === "function") return xs.iterate();
  throw fault("`for` needs a list or a stream, got " + type_name(xs));
}

function lazy(xs) { return xs !== null && typeof xs === "object" && typeof xs.adding === "function"; }

async function where(xs, pred) {
  if (lazy(xs)) return xs.adding(["where", pred], "where");
  const out = [];
  for await (const x of items(xs, "where")) if (truthy(await pred(x))) out.push(x);
  return out;
}

async function map_each(xs, f) {
  if (lazy(xs)) return xs.adding(["map", f], "map");
  const out = [];
  for await (const x of items(xs, "map")) out.push(await f(x));
  return out;
}

async function select(xs, fields) {
  const pick = (r) => {
    if (!(r instanceof Map)) throw fault("`select` needs records, got " + type_name(r));
    return new Map(fields.map((k) => [k, r.has(k) ? r.get(k) : null]));
  };
  if (lazy(xs)) return xs.adding(["map", pick], "select");
  return (await collect(xs, "select")).map(pick);
}

async function take(xs, n) {
  if (lazy(xs)) return xs.adding(["take", Number(n)], `take ${n}`);
  return (await collect(xs, "take")).slice(0, Math.max(Number(n), 0));
}

async function skip(xs, n) {
  if (lazy(xs)) return xs.adding(["skip", Number(n)], `skip ${n}`);
  return (await collect(xs, "skip")).slice(Math.max(Number(n), 0));
}

async function first(xs) {
  if (Array.isArray(xs)) return xs.length ? xs[0] : null;
  for await (const x of (await take(xs, 1)).iterate()) return x;
  return null;
}

async function last(xs) {
  let found = null;
  for await (const x of items(xs, "last")) found = x;
  return found;
}

async function count(xs) {
  if (Array.isArray(xs)) return BigInt(xs.length);
  if (lazy(xs)) return await xs.count();
  throw fault("`count` needs a list or a stream, got " + type_name(xs));
}

async function collect(xs, stage = "collect") {
  if (Array.isArray(xs)) return xs;
  const out = [];
  for await (const x of items(xs, stage)) out.push(x);
  return out;
}

async function flatten(xs) {
  const out = [];
  for await (const x of items(xs, "flatten")) {
    if (Array.isArray(x)) out.push(...x);
    else out.push(x);
  }
  return out;
}

/** A stable sort in civi's order of values; ties keep their input order both ways. */
async function sort_by(xs, key, descending) {
  const elements = await collect(xs, "sort");
  const keys = [];
  for (const x of elements) keys.push(key ? await key(x) : x);
  const sign = descending ? -1 : 1;
  const ranked = elements.map((_, n) => n).sort((i, j) => sign * order(keys[i], keys[j]) || i - j);
  return ranked.map((n) => elements[n]);
}

async function aggregate(xs, kind, key) {
  let acc = kind === "sum" ? 0n : null;
  let n = 0;
  for await (const v of items(xs, kind)) {
    const x = key ? await key(v) : v;
    if (kind === "sum" || kind === "avg") {
      if (!is_number(x)) throw fault(`\`${kind}\` needs numbers, got ${type_name(x)}`);
      acc = n === 0 && kind === "avg" ? x : add(acc, x);
    } else if (n === 0 || (kind === "min" && order(x, acc) < 0) || (kind === "max" && order(x, acc) > 0)) {
      acc = x;
    }
    n++;
  }
  return kind === "avg" && n > 0 ? Number(acc) / n : acc;
}

/** A string that is equal exactly when civi's `==` says the values are. */
function hashable(v) {
  switch (type_name(v)) {
    case "int": return "#" + v.toString();
    case "float": return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? "#" + BigInt(v).toString() : "#" + String(v);
    case "string": return "s" + JSON.stringify(v);
    case "date": return "d" + v.seconds;
    case "list": return "[" + v.map(hashable).join(",") + "]";
    case "record": return "{" + [...v].sort(([a], [b]) => compare_strings(a, b)).map(([k, x]) => JSON.stringify(k) + ":" + hashable(x)).join(",") + "}";
    default: return String(v);
  }
}

async function group(xs, key) {
  const groups = new Map();
  for await (const v of items(xs, "group")) {
    const k = await key(v);
    const h = hashable(k);
    if (!groups.has(h)) groups.set(h, [k, []]);
    groups.get(h)[1].push(v);
  }
  return [...groups.values()].map(([k, members]) => new Map([["key", k], ["items", members], ["count", BigInt(members.length)]]));
}

async function unique(xs, key) {
  const seen = new Set(), out = [];
  for await (const v of items(xs, "unique")) {
    const h = hashable(key ? await key(v) : v);
    if (!seen.has(h)) { seen.add(h); out.push(v); }
  }
  return out;
}

async function each(xs, f) {
  let n = 0n;
  for await (const x of items(xs, "each")) { await f(x); n++; }
  return n;
}

/** `parallel N`: up to N evaluations in flight at once, results in input order. */
async function parallel(xs, workers, f) {
  if (typeof workers !== "bigint" || workers < 1n) throw fault("parallel needs a positive int, got " + repr_value(workers));
  const inputs = await collect(xs, "parallel");
  const out = new Array(inputs.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(Number(workers), 64, inputs.length) }, async () => {
    while (next < inputs.length) {
      const n = next++;
      out[n] = await f(inputs[n]);
    }
  }));
  return out;
}

/** A stage argument that turned out to be a function is called with the element. */
async function applied(v, it) { return typeof v === "function" ? await v(it) : v; }

// @section strings needs: core
function expect(v, kind, fn, what) {
  if (type_name(v) !== kind) throw fault(`${fn}() expects ${what}, got ${type_name(v)}`);
  return v;
}

function civi_len(v) {
  if (typeof v === "string") return BigInt([...v].length);
  if (Array.isArray(v)) return BigInt(v.length);
  if (v instanceof Map) return BigInt(v.size);
  throw fault("len() expects a string, list or record, got " + type_name(v));
}

function civi_keys(r) { return [...expect(r, "record", "keys", "a record").keys()]; }
function civi_values(r) { return [...expect(r, "record", "values", "a record").values()]; }

function civi_has(v, key) {
  if (v instanceof Map) return v.has(expect(key, "string", "has", "a string key"));
  if (Array.isArray(v)) {
    const i = Number(expect(key, "int", "has", "an int index"));
    return i >= -v.length && i < v.length;
  }
  throw fault("has() expects a record or list, got " + type_name(v));
}

function civi_str(v) { return text(v); }
function civi_type(v) { return type_name(v); }

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function civi_int(v) {
  switch (type_name(v)) {
    case "bool": return v ? 1n : 0n;
    case "int": return v;
    case "float":
    case "date": {
      const d = v instanceof CiviDate ? v.seconds : v;
      if (!Number.isFinite(d)) throw fault(`int(): ${fmt_float(d)} has no integer value`);
      return checked(BigInt(Math.trunc(d)), "int");
    }
    case "string": {
      const s = v.trim().replaceAll("_", "");
      if (/^[+-]?\d+$/.test(s)) return checked(BigInt(s), "int");
      if (NUMBER_TEXT.test(s)) throw fault(`int(): ${quote(v)} is not a whole number`);
      throw fault(`int(): ${quote(v)} is not a number`);
    }
    default: throw fault("int() expects a number, numeric string, bool or date, got " + type_name(v));
  }
}

function civi_float(v) {
  switch (type_name(v)) {
    case "bool": return v ? 1 : 0;
    case "int":
    case "float": return Number(v);
    case "date": return v.seconds;
    case "string": {
      const s = v.trim().replaceAll("_", "");
      if (NUMBER_TEXT.test(s)) return Number(s);
      throw fault(`float(): ${quote(v)} is not a number`);
    }
    default: throw fault("float() expects a number, numeric string, bool or date, got " + type_name(v));
  }
}

function civi_range(a, b = null) {
  const [lower, upper] = b === null ? [0n, a] : [a, b];
  expect(lower, "int", "range", "an int");
  expect(upper, "int", "range", "an int");
  if (upper - lower > 10000000n) throw fault(`${lower}..<${upper} has more than 10,000,000 elements`);
  const out = [];
  for (let n = lower; n < upper; n++) out.push(n);
  return out;
}

function civi_lower(s) { return expect(s, "string", "lower", "a string").toLowerCase(); }
function civi_upper(s) { return expect(s, "string", "upper", "a string").toUpperCase(); }
function civi_trim(s) { return expect(s, "string", "trim", "a string").trim(); }

function civi_split(s, sep) {
  expect(s, "string", "split", "a string to split");
  if (expect(sep, "string", "split", "a string separator") === "") return [...s];
  return s.split(sep);
}

function civi_join(xs, sep) {
  return expect(xs, "list", "join", "a list to join").map(text).join(expect(sep, "string", "join", "a string separator"));
}

function civi_replace(s, old, next) {
  expect(s, "string", "replace", "a string");
  if (expect(old, "string", "replace", "a string to replace") === "") throw fault("replace(): the text to replace is empty");
  return s.split(old).join(expect(next, "string", "replace", "a string replacement"));
}

function civi_starts_with(s, p) { return expect(s, "string", "starts_with", "a string").startsWith(expect(p, "string", "starts_with", "a string prefix")); }
function civi_ends_with(s, p) { return expect(s, "string", "ends_with", "a string").endsWith(expect(p, "string", "ends_with", "a string suffix")); }

function civi_contains(x, y) {
  if (typeof x === "string") return x.includes(expect(y, "string", "contains", "a string to look for in a string"));
  if (Array.isArray(x)) return x.some((e) => eq(y, e));
  if (x instanceof Map) return x.has(expect(y, "string", "contains", "a string key to look for in a record"));
  throw fault("contains() expects a string, list or record, got " + type_name(x));
}

// @section time needs: core
function civi_now() { return new CiviDate(Date.now() / 1000); }

function civi_date(v) {
  if (v instanceof CiviDate) return v;
  if (typeof v === "string") {
    const d = parse_date(v.trim());
    if (d === null) throw fault(`date(): ${quote(v)} is not an ISO-8601 date`);
    return d;
  }
  if (is_number(v)) return new CiviDate(Number(v));
  throw fault("date() expects an ISO-8601 string, a date or seconds since 1970, got " + type_name(v));
}

function duration(n, unit, name) {
  if (typeof n === "bigint") return checked(n * BigInt(unit), name);
  if (typeof n === "number" && Number.isFinite(n)) return n * unit;
  throw fault(`${name}() expects a number, got ${type_name(n)}`);
}

function civi_days(n) { return duration(n, 86400, "days"); }
function civi_hours(n) { return duration(n, 3600, "hours"); }
function civi_minutes(n) { return duration(n, 60, "minutes"); }
function civi_seconds(n) { return duration(n, 1, "seconds"); }

async function civi_sleep(seconds) {
  if (!is_number(seconds) || Number(seconds) < 0) throw fault("sleep() expects a non-negative number of seconds, got " + repr_value(seconds));
  await new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1000));
  return null;
}

// @section graphemes needs: core
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** `s` as the characters a reader sees (Unicode grapheme clusters): civi counts these, not code units. */
function clusters(s) { return Array.from(GRAPHEMES.segment(s), (x) => x.segment); }

// @section dateformat needs: core graphemes
const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];
const DATE_DIRECTIVES = "YmdHMSjaAbByeZz%";
const SUPPORTED_SECONDS = [-62135596800, 253402300800];
const SUPPORTED_YEARS = "years 0001 to 9999";
const TRUNCATION_UNITS = ["minute", "hour", "day", "week", "month", "year"];

/** A format that cannot be used or a text that does not match it. */
class DateFormatError extends Error {}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm, as civi). */
function days_from_civil(y0, m, d) {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

function civil_from_days(z0) {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function days_in_month(y, m) {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** [year, month, day, hour, minute, second] of a date, in UTC. */
function civil_of(d) {
  const secs = Number.isNaN(d.seconds) ? 0 : Math.min(Math.max(d.seconds, SUPPORTED_SECONDS[0]), SUPPORTED_SECONDS[1] - 1);
  const whole = Math.floor(secs);
  const days = Math.floor(whole / 86400);
  const rem = whole - days * 86400;
  return [...civil_from_days(days), Math.floor(rem / 3600), Math.floor((rem % 3600) / 60), rem % 60];
}

function weekday_of(y, m, d) { return ((((days_from_civil(y, m, d) + 3) % 7) + 7) % 7) + 1; }

/** The CiviDate of civil fields, or null when one is out of range or the date is unsupported. */
function date_of_civil([y, m, d, h, mi, s]) {
  if (!(y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m) && h >= 0 && h < 24
    && mi >= 0 && mi < 60 && s >= 0 && s < 61)) return null;
  const secs = days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 + s;
  return secs >= SUPPORTED_SECONDS[0] && secs < SUPPORTED_SECONDS[1] ? new CiviDate(secs) : null;
}

function padded(n, width) { return String(n).padStart(width, "0"); }

/** `fmt` as [is_directive, character] pairs, or an error naming the first bad directive. */
function date_pieces(fmt) {
  const out = [];
  const chars = clusters(fmt);
  let n = 0;
  while (n < chars.length) {
    const c = chars[n++];
    if (c !== "%") { out.push([false, c]); continue; }
    if (n === chars.length) throw new DateFormatError(`the format ${quote(fmt)} ends with a lone \`%\``);
    const d = chars[n++];
    if (d.length !== 1 || !DATE_DIRECTIVES.includes(d)) throw new DateFormatError(`unknown directive \`%${d}\` in the format ${quote(fmt)}`);
    out.push([true, d]);
  }
  return out;
}

function format_directive(d, [y, m, day, h, mi, s]) {
  switch (d) {
    case "Y": return padded(y, 4);
    case "m": return padded(m, 2);
    case "d": return padded(day, 2);
    case "H": return padded(h, 2);
    case "M": return padded(mi, 2);
    case "S": return padded(s, 2);
    case "j": return padded(days_from_civil(y, m, day) - days_from_civil(y, 1, 1) + 1, 3);
    case "a": return WEEKDAY_NAMES[weekday_of(y, m, day) - 1].slice(0, 3);
    case "A": return WEEKDAY_NAMES[weekday_of(y, m, day) - 1];
    case "b": return MONTH_NAMES[m - 1].slice(0, 3);
    case "B": return MONTH_NAMES[m - 1];
    case "y": return padded(y % 100, 2);
    case "e": return day < 10 ? ` ${day}` : String(day);
    case "Z": return "UTC";
    case "z": return "+0000";
    default: return "%";
  }
}

function expect_arg(v, kind, fn, what) {
  if (type_name(v) !== kind) throw fault(`${fn}: expected ${what}, got ${type_name(v)}`);
  return v;
}

function civi_format_date(d, fmt) {
  expect_arg(d, "date", "format_date", "a date");
  expect_arg(fmt, "string", "format_date", 'a format string like "%Y-%m-%d"');
  let pieces;
  try { pieces = date_pieces(fmt); } catch (e) {
    if (e instanceof DateFormatError) throw fault("format_date: " + e.message);
    throw e;
  }
  const c = civil_of(d);
  return pieces.map(([directive, x]) => (directive ? format_directive(x, c) : x)).join("");
}

const ASCII_DIGIT = /^[0-9]$/;

/** Reads a date written in a format, as civi's `parse_date` does (UTC unless the text has %z). */
class DateReader {
  constructor(text, fmt) {
    Object.assign(this, { text: clusters(text), fmt, pos: 0, fields: [1970, 1, 1, 0, 0, 0], dayOfYear: null, monthOrDay: false, offset: 0 });
  }

  mismatch(why) {
    return new DateFormatError(`${quote(this.text.join(""))} does not match the format ${quote(this.fmt)} at character ${this.pos + 1}: ${why}`);
  }

  run() {
    for (const [directive, c] of date_pieces(this.fmt)) {
      if (!directive && c === " ") {
        while (this.pos < this.text.length && /^\s+$/u.test(this.text[this.pos])) this.pos += 1;
      } else if (!directive) {
        if (this.pos >= this.text.length || this.text[this.pos] !== c) throw this.mismatch("expected " + quote(c));
        this.pos += 1;
      } else {
        this.read(c);
      }
    }
    if (this.pos !== this.text.length) {
      throw this.mismatch(`unexpected ${quote(this.text.slice(this.pos).join(""))} after the end of the format`);
    }
    const [y, m, d, h, mi, s] = this.fields;
    if (this.dayOfYear !== null) {
      if (this.monthOrDay) throw new DateFormatError(`the format ${quote(this.fmt)} has both %j and a month or day; use one or the other`);
      if (this.dayOfYear > days_from_civil(y, 12, 31) - days_from_civil(y, 1, 1) + 1) {
        throw this.mismatch(`day of the year ${this.dayOfYear} does not exist in ${y}`);
      }
      const jan1 = date_of_civil([y, 1, 1, h, mi, s]);
      if (jan1 === null) throw this.mismatch(`the year ${y} is out of range`);
      return this.shifted(jan1.seconds + (this.dayOfYear - 1) * 86400);
    }
    const start = date_of_civil(this.fields);
    if (start === null) {
      throw new DateFormatError(`${quote(this.text.join(""))} in the format ${quote(this.fmt)} is ${padded(y, 4)}-${padded(m, 2)}-${padded(d, 2)}, `
        + `which is not a valid date (${SUPPORTED_YEARS})`);
    }
    return this.shifted(start.seconds);
  }

  shifted(seconds) {
    const s = seconds - this.offset;
    if (!(s >= SUPPORTED_SECONDS[0] && s < SUPPORTED_SECONDS[1])) throw this.mismatch(`the date is outside the supported dates (${SUPPORTED_YEARS})`);
    return new CiviDate(s);
  }

  read(d) {
    const f = this.fields;
    if ("mdebB".includes(d)) this.monthOrDay = true;
    switch (d) {
      case "Y": f[0] = this.number(d, 1, 4); break;
      case "m": f[1] = this.ranged(d, 1, 2, 1, 12, "month"); break;
      case "d": case "e":
        if (d === "e" && this.text[this.pos] === " ") this.pos += 1;
        f[2] = this.ranged(d, 1, 2, 1, 31, "day");
        break;
      case "H": f[3] = this.ranged(d, 1, 2, 0, 23, "hour"); break;
      case "M": f[4] = this.ranged(d, 1, 2, 0, 59, "minute"); break;
      case "S": f[5] = this.ranged(d, 1, 2, 0, 60, "second"); break;
      case "j": this.dayOfYear = this.ranged(d, 1, 3, 1, 366, "day of the year"); break;
      case "y": {
        const y = this.number(d, 2, 2);
        f[0] = y < 69 ? 2000 + y : 1900 + y;
        break;
      }
      case "a": case "A": this.name(d, WEEKDAY_NAMES); break;
      case "b": case "B": f[1] = this.name(d, MONTH_NAMES) + 1; break;
      case "Z": this.zoneName(); break;
      case "z": this.zoneOffset(); break;
      default:
        if (this.text[this.pos] !== "%") throw this.mismatch('expected "%"');
        this.pos += 1;
    }
  }

  number(d, fewest, most) {
    let value = 0;
    let n = 0;
    while (n < most && this.pos < this.text.length && ASCII_DIGIT.test(this.text[this.pos])) {
      value = value * 10 + Number(this.text[this.pos]);
      this.pos += 1;
      n += 1;
    }
    if (n < fewest) throw this.mismatch(`expected ${fewest === most ? fewest : `${fewest} to ${most}`} digits for %${d}`);
    return value;
  }

  ranged(d, fewest, most, lo, hi, what) {
    const start = this.pos;
    const v = this.number(d, fewest, most);
    if (v < lo || v > hi) {
      this.pos = start;
      throw this.mismatch(`${what} ${v} is out of range (${lo}-${hi})`);
    }
    return v;
  }

  name(d, names) {
    const rest = this.text.slice(this.pos).join("").toLowerCase();
    for (let i = 0; i < names.length; i++) {
      for (const candidate of [names[i].toLowerCase(), names[i].toLowerCase().slice(0, 3)]) {
        if (rest.startsWith(candidate)) {
          this.pos += candidate.length;
          return i;
        }
      }
    }
    const kind = names.length === 7 ? "weekday" : "month";
    throw this.mismatch(`expected a ${kind} name for %${d} (e.g. ${names[0].slice(0, 3)} or ${names[0]})`);
  }

  zoneName() {
    for (const zone of ["UTC", "GMT", "Z"]) {
      const end = this.pos + zone.length;
      if (end <= this.text.length && this.text.slice(this.pos, end).join("").toUpperCase() === zone) {
        this.pos = end;
        return;
      }
    }
    throw this.mismatch("expected UTC, GMT or Z for %Z (other zone names are not understood; use %z for an offset)");
  }

  zoneOffset() {
    const c = this.text[this.pos];
    if (!["Z", "z", "+", "-"].includes(c)) throw this.mismatch("expected a zone offset like +0200 or Z for %z");
    this.pos += 1;
    if (c === "Z" || c === "z") return;
    const hours = this.ranged("z", 2, 2, 0, 23, "zone hour");
    if (this.text[this.pos] === ":") this.pos += 1;
    let minutes = 0;
    if (this.pos < this.text.length && ASCII_DIGIT.test(this.text[this.pos])) minutes = this.ranged("z", 2, 2, 0, 59, "zone minute");
    this.offset = (c === "-" ? -1 : 1) * (hours * 3600 + minutes * 60);
  }
}

function civi_parse_date(text, fmt) {
  expect_arg(text, "string", "parse_date", "a string");
  expect_arg(fmt, "string", "parse_date", 'a format string like "%Y-%m-%d"');
  try { return new DateReader(text, fmt).run(); } catch (e) {
    if (e instanceof DateFormatError) throw fault("parse_date: " + e.message);
    throw e;
  }
}

function edit_distance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i, ...new Array(b.length).fill(0)];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The start of the minute, hour, day, week (from Monday), month or year that `d` falls in. */
function civi_date_trunc(d, unit) {
  expect_arg(d, "date", "date_trunc", "a date");
  expect_arg(unit, "string", "date_trunc", `a unit string (${TRUNCATION_UNITS.join(", ")})`);
  if (!TRUNCATION_UNITS.includes(unit)) {
    let best = null;
    for (const u of TRUNCATION_UNITS) {
      const n = edit_distance(clusters(u), clusters(unit));
      if (n <= 2 && (best === null || n < best[1])) best = [u, n];
    }
    throw fault(`date_trunc: unknown unit ${quote(unit)}${best ? `; did you mean ${quote(best[0])}?` : ""}`);
  }
  const c = civil_of(d);
  c[5] = 0;
  if (unit !== "minute") c[4] = 0;
  if (["day", "week", "month", "year"].includes(unit)) {
    c[3] = 0;
    if (unit === "month" || unit === "year") c[2] = 1;
    if (unit === "year") c[1] = 1;
  }
  const start = date_of_civil(c);
  return unit === "week" ? new CiviDate(start.seconds - (weekday_of(c[0], c[1], c[2]) - 1) * 86400) : start;
}

// @section table needs: core stages graphemes
/** `s` with control characters escaped so a table cell stays on one line (as civi's tables). */
function single_line(s) {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) out += ch === "\n" ? "\\n" : ch === "\r" ? "\\r" : ch === "\t" ? "\\t" : `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out;
}

function width_of(s) { return clusters(s).length; }

/** The `table` stage: civi's aligned text table with no width limit, then `(N rows)`. */
async function render_table(xs) {
  const rows = await collect(xs, "table");
  const footer = rows.length === 1 ? "(1 row)" : `(${rows.length} rows)`;
  const lines = rows.length && rows.every((r) => r instanceof Map) ? table_lines(rows) : rows.map((r) => single_line(repr_value(r)));
  return [...lines, footer].join("\n");
}

function table_lines(records) {
  const columns = [];
  for (const r of records) for (const k of r.keys()) if (!columns.includes(k)) columns.push(k);
  if (!columns.length) return records.map(() => "{}");
  const numeric = columns.map((k) => {
    const kinds = records.filter((r) => r.has(k) && r.get(k) !== null).map((r) => type_name(r.get(k)));
    return kinds.some((t) => t === "int" || t === "float") && kinds.every((t) => t === "int" || t === "float");
  });
  const cells = records.map((r) => columns.map((k) => {
    if (!r.has(k)) return null;
    const v = r.get(k);
    return single_line(typeof v === "string" ? v : repr_value(v));
  }));
  const widths = columns.map((k, c) => cells.reduce((w, row) => Math.max(w, row[c] === null ? 0 : width_of(row[c])), width_of(single_line(k))));
  const cell = (text, c) => {
    const fill = " ".repeat(Math.max(widths[c] - width_of(text), 0));
    return numeric[c] ? fill + text : text + fill;
  };
  const join = (parts) => parts.join("  ").replace(/ +$/, "");
  return [join(columns.map((k, c) => cell(single_line(k), c))), join(widths.map((w) => "─".repeat(w))),
    ...cells.map((row) => join(row.map((text, c) => (text === null ? " ".repeat(widths[c]) : cell(text, c)))))];
}

// @section files needs: core json stages
function civi_env(name) { return process.env[expect(name, "string", "env", "a string variable name")] ?? null; }

function read_file(path, fn) {
  expect(path, "string", fn, "a string path");
  try { return fs.readFileSync(path); } catch (err) { throw fault(`${fn}(): cannot read ${quote(path)}: ${err.code}`); }
}

function write_file(path, data, fn) {
  expect(path, "string", fn, "a string path");
  try { fs.writeFileSync(path, data); } catch (err) { throw fault(`${fn}(): cannot write ${quote(path)}: ${err.code}`); }
  return null;
}

function civi_read_text(path) { return new TextDecoder("utf-8", { fatal: true }).decode(read_file(path, "read_text")); }

function civi_read_json(path) {
  const source = read_file(path, "read_json").toString("utf8");
  try {
    if (path.endsWith(".ndjson")) return source.split("\n").filter((l) => l.trim()).map(parse_json);
    return parse_json(source);
  } catch (err) {
    throw fault(`read_json(): ${quote(path)}: ${err.message}`);
  }
}

/** Rows as records keyed by the header; every field a string, blank lines skipped. */
function civi_read_csv(path) {
  let source = read_file(path, "read_csv").toString("utf8");
  if (source.startsWith("\ufeff")) source = source.slice(1);
  const rows = [];
  let row = [], cell = "", quoted = false, any = false;
  for (let n = 0; n < source.length; n++) {
    const c = source[n];
    if (quoted) {
      if (c === '"' && source[n + 1] === '"') { cell += '"'; n++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') { quoted = true; any = true; }
    else if (c === ",") { row.push(cell); cell = ""; any = true; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && source[n + 1] === "\n") n++;
      if (any || cell) { row.push(cell); rows.push(row); }
      row = []; cell = ""; any = false;
    } else { cell += c; any = true; }
  }
  if (any || cell) { row.push(cell); rows.push(row); }
  if (!rows.length) return [];
  const [header, ...body] = rows;
  return body.map((r) => new Map(header.map((k, n) => [k, n < r.length ? r[n] : null])));
}

function csv_cell(v) {
  if (v === null) return "";
  if (typeof v === "string") return v;
  if (v instanceof CiviDate) return v.iso();
  if (Array.isArray(v) || v instanceof Map) return json_text(v);
  return text(v);
}

function csv_field(s, quoteEmpty) {
  if ((quoteEmpty && s === "") || /[,"\n\r]/.test(s)) return '"' + s.replaceAll('"', '""') + '"';
  return s;
}

function csv_text(rows, fn) {
  const header = [];
  rows.forEach((r, n) => {
    if (!(r instanceof Map)) throw fault(`${fn}: row ${n + 1} is a ${type_name(r)}, not a record`);
    for (const k of r.keys()) if (!header.includes(k)) header.push(k);
  });
  const quoteEmpty = header.length === 1;
  const lines = header.length ? [header.map((k) => csv_field(k, quoteEmpty)).join(",")] : [];
  for (const r of rows) lines.push(header.map((k) => csv_field(csv_cell(r.has(k) ? r.get(k) : null), quoteEmpty)).join(","));
  return lines.join("\n");
}

function civi_write_text(path, s) {
  return write_file(path, expect(s, "string", "write_text", "a string to write"), "write_text");
}

function civi_write_json(path, v) { return write_file(path, json_text(v, true) + "\n", "write_json"); }

function civi_write_csv(path, rows) {
  const body = csv_text(expect(rows, "list", "write_csv", "a list of records"), "write_csv");
  return write_file(path, body ? body + "\n" : "", "write_csv");
}

async function render(xs, kind) {
  const rows = await collect(xs, kind);
  if (kind === "json") return json_text(rows, true);
  if (kind === "csv") return csv_text(rows, "csv");
  return rows.map((r) => json_text(r)).join("\n");
}

async function save(xs, path) {
  expect(path, "string", "save", "a string path");
  const kind = ["ndjson", "json", "csv"].find((k) => path.endsWith("." + k));
  if (!kind) throw fault(`save: cannot tell the format of ${quote(path)} from its extension`);
  const rows = await collect(xs, "save");
  const body = await render(rows, kind);
  write_file(path, body ? body + "\n" : "", "save");
  return BigInt(rows.length);
}
