extension HelpCatalog {
    /// The language topics (`:help dates`, ...).
    static let topicEntries: [HelpEntry] = [
        HelpEntry("syntax", .topic, signature: "Syntax",
                  summary: "Statements, comments, blocks, functions and lambdas.",
                  details: """
                  Comments run from `#` to the end of the line. Statements end at a newline or `;`; a line that ends \
                  inside ( [ { or with a binary operator or `|` continues on the next line.
                  `x = expr` binds (and `+= -= *= /=` update); `if c { } else { }` is also an expression; \
                  `for x in xs { }`, `while c { }`, `break`, `continue`.
                  `fn name(a, b) { ... }` defines a function whose last expression is its result (or `return expr`); \
                  lambdas are `x => expr`, `(a, b) => expr`, `x => { block }`.
                  A variable first bound inside a block is local to it; assigning to an outer name updates it.
                  `use "lib.civi"` (at the top level) brings in another file's functions and variables: the path \
                  is relative to the file, each file loads once, and a cycle is an error.
                  """,
                  example: "fn fact(n) { if n <= 1 { return 1 }; n * fact(n - 1) }\nlabel = if fact(3) > 5 { \"big\" } else { \"small\" }"),
        HelpEntry("values", .topic, signature: "Values",
                  summary: "null, bool, int, float, string, date, list, record, function, stream.",
                  details: """
                  Ints are 64-bit (overflow is an error); floats are doubles. Lists `[1, 2]` and records \
                  `{name: "Ada", "odd key": 1}` have value semantics: changing a copy never changes the original.
                  A missing field and an index out of range are null, not errors (but see `:help topic errors` for \
                  API records; `r.field?` is null whenever the field is absent). `xs[1:3]`, `xs[-2:]`, `s[:5]` slice \
                  lists and strings (by character) as Python does. `==` compares structurally \
                  (records ignore key order, `1 == 1.0`). Truthiness: only null and false are false.
                  Records from the API remember their resource, so `update(r, {...})` knows where to send the change.
                  Printing: floats keep `.0` when whole and use exponents from 1e16 up and below 1e-4; dates print \
                  as ISO-8601 UTC; strings inside lists and records are quoted.
                  """,
                  example: "a = {first_name: \"Ada\", tags: [\"vip\"]}\nb = a; b.first_name = \"Grace\"\na.first_name == \"Ada\""),
        HelpEntry("strings", .topic, signature: "Strings",
                  summary: "\"...\" with escapes and ${...} interpolation; '...' raw; \"\"\" multi-line.",
                  details: """
                  Escapes: \\n \\t \\" \\\\ \\$ \\u{1F600}. `"${expr}"` inserts `str(expr)`. Single-quoted strings take \
                  everything literally. `+` joins strings (but `1 + "a"` is an error: no implicit conversions).
                  `s =~ "regex"` matches a regular expression; `"x" in s` tests for a substring.
                  Functions: len, lower, upper, trim, split, join, replace, starts_with, ends_with, contains, str.
                  """,
                  example: "name = \"Ada\"\n\"Hello ${name}!\" == \"Hello Ada!\"\n'raw ${name}' == \"raw \\${name}\""),
        HelpEntry("operators", .topic, signature: "Operators",
                  summary: "Arithmetic, comparison, logic, membership, null-coalescing; precedence.",
                  details: """
                  Loosest first: `|`, `??`, `or`, `and`, `not`, comparisons (== != < <= > >= in =~), + -, * / %, \
                  unary -, then call / .field / [index].
                  `/` always gives a float (7 / 2 == 3.5); `%` is the remainder; dividing by zero is an error.
                  `+` also concatenates lists and merges records (the right side wins).
                  `<` and friends order mixed types as `sort` does: null < false < true < numbers < dates < strings < \
                  lists < records.
                  """,
                  example: "[1, 2] + [3] == [1, 2, 3]\n{a: 1} + {b: 2} == {a: 1, b: 2}\n(a.email ?? \"none\")"),
        HelpEntry("pipelines", .topic, signature: "Pipelines",
                  summary: "`xs | stage ARGS` feeds a list or stream through stages.",
                  details: """
                  Inside a stage's argument, `it` is the current element and `.field` means `it.field`. When the \
                  argument is a function it is called with the element. Any function can be a stage: \
                  `xs | f(1)` is `f(xs, 1)`.
                  `|` binds loosest of all, so a pipeline used as an operand needs parentheses: \
                  `(xs | count) == 2`, `(xs | first).name`.
                  Stages: where map select sort take skip first last count sum avg min max group unique flatten \
                  collect each parallel table json csv save (`:help STAGE` for each).
                  """,
                  example: "advocates(state: \"CA\") | where .email_opt_in | sort .last_name | take 10 | select id, email"),
        HelpEntry("streams", .topic, signature: "Streams",
                  summary: "API lists are lazy queries: nothing is fetched until consumed, one page at a time.",
                  details: """
                  `take N` and `first` stop fetching early; `count` on an unfiltered stream may read meta.total in \
                  one request. A stream is a query, so consuming it twice asks the API twice: `| collect` keeps a \
                  list. Updating or deleting records while iterating a stream of the same resource (for, each, \
                  parallel) still visits each element exactly once.
                  """,
                  example: "all = campaigns() | collect\nn = advocates(tag: \"vip\") | count"),
        HelpEntry("errors", .topic, signature: "Errors",
                  summary: "What errors look like and how to catch them.",
                  details: """
                  Errors show file:line:col, the source line with a caret, and often a hint. \
                  `try { ... } catch e { ... }` binds an error record with `message` and `line`, and for API errors \
                  `status`, `code`, `fields` (a record of per-field messages) and `request_id` (null otherwise). `error("...")` raises your own; \
                  `assert(cond, "...")` fails a script. Exit codes: 0 ok, 1 runtime error or failed assert, \
                  2 usage or syntax error, 3 connection or authentication failure. \
                  Reading a field that an API record lacks and its resource does not know (`a.frist_name`) is an \
                  error with a did-you-mean, which `civi check` reports too where a stage reads a known resource's \
                  stream; `r.field?`, `.field?` in a stage, `select id, nickname?` or `get(r, "field")` read a field \
                  that may be absent as null.
                  """,
                  example: "try { campaign(\"cmp_nope\") } catch e { print(e.status, e.code, e.message) }"),
        HelpEntry("dates", .topic, signature: "Dates",
                  summary: "Instants in UTC; API timestamps (*_at fields) arrive as dates.",
                  details: """
                  `date("2024-05-01T09:30:00Z")` parses ISO-8601 (offsets allowed); `now()` is the current time. \
                  Dates compare with < > ==; `date - date` gives seconds (a float); a date plus or minus a number \
                  shifts it by that many seconds, and days(n), hours(n), minutes(n), seconds(n) give those seconds. \
                  `int(d)` / `float(d)` are seconds since 1970. Dates sort after numbers and before strings, and \
                  are written as ISO-8601 strings in JSON and CSV. Parts read like fields, in UTC: `d.year`, \
                  `.month`, `.day`, `.hour`, `.minute`, `.second`, `.weekday` (ISO: 1 Monday ... 7 Sunday). \
                  `format_date(d, "%Y-%m")` and `parse_date(s, "%d/%m/%Y")` use strftime directives; \
                  `date_trunc(d, "week")` gives the start of the minute, hour, day, week (Monday), month or year.
                  """,
                  example: "d = date(\"2026-11-01T00:00:00Z\")\n(d + hours(2)) - d == 7200\nadvocates(updated_since: now() - days(7)) | count"),
        HelpEntry("files", .topic, signature: "Files",
                  summary: "Reading and writing JSON, NDJSON, CSV and text.",
                  details: """
                  read_json, read_csv, read_text; write_json, write_csv, write_text; and the `save "PATH"` stage, \
                  which picks JSON, NDJSON or CSV by extension and returns the count written. Relative paths start \
                  at the script's folder (the working directory in the REPL); `~/` is your home. CSV values read \
                  back as strings; `read_csv(path, {stream: true})` streams a big file row by row. Readers take \
                  only regular files unless given {special: true} (a device or pipe may never end). Errors name \
                  the path and the reason (no such file, permission denied, ...).
                  """,
                  example: "write_csv(\"rows.csv\", rows)\nback = read_csv(\"rows.csv\")\nn = advocates() | take 30 | save \"adv.ndjson\""),
    ]

    /// The REPL: how it reads and shows statements (a topic), and its meta-commands.
    static let metaEntries: [HelpEntry] = [
        HelpEntry("repl", .topic, signature: "The REPL",
                  summary: "What the REPL shows, `_` and `| …` lines, else/catch, completion.",
                  details: """
                  A statement runs as soon as it is complete; a line that ends inside ( [ { or with an operator \
                  continues on the next (`...>`). The value of an expression is shown, `null` included; \
                  assignments, loops and `fn` show nothing, and neither do `print(...)` and other calls that only \
                  do something (eprint, sleep, assert, delete, write_*) nor an `if` or `try` whose value is \
                  null. `civi -e` shows values the same way.
                  `_` is the last value shown. A line starting with `|` pipes it into more stages: \
                  `advocates(state: "CA")` then `| where .city == "Oakland"` then `| count`. `:save` writes such \
                  lines so the script binds `_` the same way.
                  A line starting with `else` or `catch` cannot continue an `if` or `try` that already ran: keep \
                  `} else {` (or `} catch e {`) on one line, or write the whole statement on one line.
                  Tab completes names, `name:` filters of API calls, the values of enum filters \
                  (`campaigns(status: <Tab>`), `sort:` fields, `.field` of records (`a.fi<Tab>`) and, inside a \
                  stage, of the records flowing in (`advocates() | where .st<Tab>`), file paths in strings.
                  """,
                  example: "campaigns(status: \"active\")\n| select id, name\n| take 3"),
        HelpEntry(":help", .meta, signature: ":help [name]", summary: "Lists what there is help for, or shows one entry.",
                  details: "Names are built-ins, stages, API functions, topics and these commands. Where a built-in and a topic share a name, the kind picks one: `:help topic values`.", example: ":help split\n:help dates\n:help topic values"),
        HelpEntry(":vars", .meta, signature: ":vars", summary: "Lists the session's variables with their types.",
                  details: "Values are shown shortened.", example: ":vars"),
        HelpEntry(":history", .meta, signature: ":history", summary: "Shows the input history (kept between sessions).",
                  details: "Up and Down arrows recall it; Ctrl-R searches it.", example: ":history"),
        HelpEntry(":load", .meta, signature: ":load FILE", summary: "Runs a script in the current session.",
                  details: "Its variables and functions stay defined afterwards.", example: ":load setup.civi"),
        HelpEntry(":save", .meta, signature: ":save FILE", summary: "Writes the session's successful statements as a script.",
                  details: "Meta-commands and failed statements are left out.", example: ":save session.civi"),
        HelpEntry(":export", .meta, signature: ":export python|js|swift [all] [FILE]",
                  summary: "Writes the last statement (or, with `all`, the session) as a standalone Python, JavaScript or Swift program.",
                  details: """
                  The program makes the requests civi makes (paging, pushed-down filters, `take N` as per_page, \
                  retries of 429/502/503/504 with the same Idempotency-Key on a create) and prints each statement's \
                  value as JSON. It reads CIVICLICK_BASE_URL and CIVICLICK_API_KEY from the environment; the key is \
                  never written into it. With FILE the program is written there, else shown. From the command \
                  line: `civi export --to python SCRIPT.civi -o out.py` or `civi export --to js -e 'EXPR'`.
                  """,
                  example: ":export python\n:export js all session.mjs\n:export swift all session.swift"),
        HelpEntry(":curl", .meta, signature: ":curl [N]", summary: "Shows the requests of the last statement that sent any, as curl commands.",
                  details: "Every request of that statement, numbered; `:curl 1` the first alone, `:curl -1` the last. The key is written as $CIVICLICK_API_KEY, never its value; for the embedded sandbox, whose key is made up for the session and local, the command runs as printed while the REPL is open. The log keeps the last 50 requests.", example: ":curl\n:curl -1"),
        HelpEntry(":verbose", .meta, signature: ":verbose on|off", summary: "Logs one line per API request on standard error, as --verbose does.",
                  details: "Method, URL, status, time and attempt; the key is shown as `Bearer ***`. `:verbose` alone says whether it is on.", example: ":verbose on"),
        HelpEntry(":format", .meta, signature: ":format table|json|csv|ndjson", summary: "Chooses how lists are shown.",
                  details: "Tables fit the terminal width, hiding columns that do not fit and cutting long cells with … — never an id (`id`, `*_id` columns are shown whole or hidden).", example: ":format json"),
        HelpEntry(":dry", .meta, signature: ":dry on|off", summary: "Dry-run: writes print the request they would send instead of sending it.",
                  details: "Reads still go to the API. The prompt shows `dry` while it is on, and each statement that tried to write ends with a summary (`dry run: 3 PATCH advocates not sent`). `:save` keeps such statements as comments, so running the saved file sends nothing the dry run held back.", example: ":dry on"),
        HelpEntry(":plan", .meta, signature: ":plan [on|off|full]", summary: "Records the writes of the following statements in a session plan instead of sending them.",
                  details: "`:plan on` starts a plan (the prompt shows `plan`); each write returns what the API would (an update the merged record, a create a record with a plan-local id such as adv_planned_0001 that later writes may use); reads still go to the API. `:plan` shows what the plan would change (`:plan full` every write); `:apply` sends it; `:plan off` discards it. The same as `civi run --plan FILE` for a script.", example: ":plan on\nfor a in advocates(tag: \"old\") { update(a, {tags: a.tags + [\"lapsed\"]}) }\n:plan"),
        HelpEntry(":apply", .meta, signature: ":apply", summary: "Sends the session plan's writes, then stops planning.",
                  details: "Each update or delete first re-reads its record; a field the plan touches that no longer holds the value the plan saw makes that write a conflict, skipped and reported. Ctrl-C stops between writes; `:apply` again continues. The same as `civi apply PLAN` for a plan file.", example: ":apply"),
        HelpEntry(":time", .meta, signature: ":time on|off", summary: "Shows how long each statement took.",
                  details: """
                  Includes time spent waiting for the API. Also counts the requests, names the `where` filters sent \
                  to the server, and shows what each stream read asked for: path, filters, page size and limit, and \
                  the stages run here.
                  """, example: ":time on"),
        HelpEntry(":config", .meta, signature: ":config", summary: "Shows the configuration in force (base URL, profile, paths).",
                  details: "The API key is never shown.", example: ":config"),
        HelpEntry(":log", .meta, signature: ":log", summary: "Shows the writes this session sent, field by field (from the journal).",
                  details: "`civi log` lists earlier runs; `civi log RUN` shows one.", example: ":log"),
        HelpEntry(":undo", .meta, signature: ":undo [--dry-run] [--force]",
                  summary: "Reverts the writes of the last statement that wrote (a second :undo reverts the undo).",
                  details: "Each record is read again first; a field changed since is a conflict and left as it is unless --force.",
                  example: ":undo --dry-run"),
        HelpEntry(":quit", .meta, signature: ":quit", summary: "Leaves the REPL (so does Ctrl-D).",
                  details: "History is saved.", example: ":quit"),
    ]
}
