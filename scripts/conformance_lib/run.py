"""Runs schemathesis against a freshly started sandbox and judges its findings.

Every test case schemathesis generates is counted; a case passes when each of its checks passed,
or when each failing check matches a named exclusion (exclusions.py, each with its reason). The
last line is `N passed, M failed`; the exit status is 1 when M > 0.
"""

import argparse
import base64
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from exclusions import EXCLUSIONS  # noqa: E402


def start_sandbox(civi, key):
    proc = subprocess.Popen(
        [civi, "serve", "--port", "0", "--api-key", key, "--seed", "7",
         "--campaigns", "12", "--advocates", "400", "--actions", "3000"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        m = re.search(r"serving (http://\S+)", line)
        if m:
            return proc, m.group(1)
    proc.kill()
    sys.exit("conformance: the sandbox did not start")


def decode(blob):
    if isinstance(blob, dict) and "$base64" in blob:
        return base64.b64decode(blob["$base64"]).decode("utf-8", "replace")
    return blob if isinstance(blob, str) else ""


def response_of(interaction):
    response = (interaction or {}).get("response") or {}
    text = decode(response.get("content"))
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    return response.get("status_code"), body, text


def operations_tested(ndjson_path):
    """How many of the contract's operations schemathesis loaded and selected."""
    with open(ndjson_path) as f:
        for line in f:
            event = json.loads(line).get("LoadingFinished")
            if event:
                return event.get("statistic", {}).get("operations", {}).get("selected", 0)
    return 0


def read_cases(ndjson_path):
    """Yields (operation label, case id, failing checks, interaction) for every distinct case."""
    seen = set()
    with open(ndjson_path) as f:
        for line in f:
            event = json.loads(line).get("ScenarioFinished")
            if not event:
                continue
            recorder = event.get("recorder") or {}
            interactions = recorder.get("interactions") or {}
            for case_id, checks in (recorder.get("checks") or {}).items():
                if case_id in seen:
                    continue
                seen.add(case_id)
                case = (recorder.get("cases") or {}).get(case_id, {}).get("value", {})
                label = f'{case.get("method", "?")} {case.get("path", recorder.get("label", "?"))}'
                failing = [c for c in checks if c.get("status") == "failure"]
                yield label, case_id, failing, interactions.get(case_id), interactions


def judge(failure_check, label, interaction, scenario):
    """The exclusion that explains this failing check, or None. `scenario` holds every
    interaction of the same scenario (a stateful failure is explained by an earlier step)."""
    status, body, _ = response_of(interaction)
    info = (failure_check.get("failure_info") or {}).get("failure") or {}
    for exclusion in EXCLUSIONS:
        if exclusion.matches(check=failure_check.get("name"), code=info.get("code"), operation=label,
                             status=status, body=body, interaction=interaction, scenario=scenario):
            return exclusion
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--civi", required=True)
    parser.add_argument("--contract", required=True)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--out", required=True)
    # CI keeps seed 1 so a run is repeatable; other seeds explore cases seed 1 never reaches.
    parser.add_argument("--seed", type=int, default=int(os.environ.get("CONFORMANCE_SEED", "1")))
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    key = "sk_conformance_" + secrets.token_hex(12)
    sandbox, base_url = start_sandbox(args.civi, key)
    report = os.path.join(args.out, "schemathesis.ndjson")
    if os.path.exists(report):
        os.remove(report)
    command = [
        os.path.join(os.path.dirname(sys.executable), "schemathesis"), "run", os.path.abspath(args.contract),
        "--url", base_url, "-H", f"Authorization: Bearer {key}",
        "--checks", "all", "--phases", "examples,coverage,fuzzing,stateful",
        "--seed", str(args.seed), "--max-time", str(args.seconds), "--workers", "2",
        "--report", "ndjson", "--report-ndjson-path", os.path.abspath(report),
        "--output-truncate", "true", "--no-color",
    ]
    print(f"== schemathesis against {base_url} for {args.seconds} s (seed {args.seed}, all checks, all phases)", file=sys.stderr)
    log_path = os.path.join(args.out, "schemathesis.log")
    started = time.monotonic()
    try:
        with open(log_path, "w") as log:
            # In the output folder: schemathesis keeps a cache of past failures in its working
            # directory and replays them first; a run must not depend on an earlier one.
            shutil.rmtree(os.path.join(args.out, ".schemathesis"), ignore_errors=True)
            tool = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, cwd=args.out,
                                  timeout=args.seconds * 3 + 300)
    finally:
        sandbox.send_signal(signal.SIGTERM)
        try:
            sandbox.wait(timeout=10)
        except subprocess.TimeoutExpired:
            sandbox.kill()
    elapsed = time.monotonic() - started
    if not os.path.exists(report):
        print(open(log_path).read()[-4000:], file=sys.stderr)
        sys.exit(f"conformance: schemathesis wrote no report (exit {tool.returncode}); log: {log_path}")

    passed = failed = 0
    excluded = {}
    failures = []
    for label, case_id, failing, interaction, scenario in read_cases(report):
        unexplained = []
        for check in failing:
            exclusion = judge(check, label, interaction, scenario)
            if exclusion:
                excluded[exclusion.name] = excluded.get(exclusion.name, 0) + 1
            else:
                unexplained.append(check)
        if unexplained:
            failed += 1
            failures.append((label, case_id, unexplained, interaction))
        else:
            passed += 1

    for label, case_id, checks, interaction in failures[:40]:
        status, _, text = response_of(interaction)
        request = (interaction or {}).get("request") or {}
        names = ", ".join(f'{c["name"]} ({((c.get("failure_info") or {}).get("failure") or {}).get("code", "?")})'
                          for c in checks)
        print(f"FAIL {label} case {case_id}: {names}", file=sys.stderr)
        print(f"     request: {request.get('method')} {request.get('uri')} {decode(request.get('body'))[:300]}",
              file=sys.stderr)
        print(f"     response: {status} {text[:300]}", file=sys.stderr)
    if excluded:
        print("excluded (see scripts/conformance_lib/exclusions.py for the reasons):", file=sys.stderr)
        for name, count in sorted(excluded.items()):
            print(f"  {name}: {count}", file=sys.stderr)
    print(f"operations: {operations_tested(report)}; cases: {passed + failed}; schemathesis exit {tool.returncode}; "
          f"{elapsed:.0f} s; log: {log_path}", file=sys.stderr)
    print(f"conformance: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
