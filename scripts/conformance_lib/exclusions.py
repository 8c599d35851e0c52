"""Failures of schemathesis that are the tool's own limits, not the sandbox's faults.

Each exclusion names one check and the exact answer it forgives (status, error code and, for
validation errors, the field and the rule's message), with the reason beside it. A failing check
is forgiven only when it matches; a 422 is forgiven only when *every* field it names is a rule
the contract states beyond its schema. Nothing here turns a check off wholesale.
"""

import base64
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Exclusion:
    name: str
    reason: str
    check: str
    status: int
    error_code: str = ""
    # For validation errors: field name -> a substring of the sandbox's message for that rule.
    field_rules: dict = field(default_factory=dict)
    message_contains: str = ""

    def matches(self, check, code, operation, status, body, **_):
        if check != self.check or status != self.status:
            return False
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict) or (self.error_code and error.get("code") != self.error_code):
            return False
        if self.message_contains and self.message_contains not in str(error.get("message", "")):
            return False
        if self.field_rules:
            # One 422 may name several fields, each broken for a different forgiven reason: every
            # field must be explained by some field rule, and at least one by this exclusion's.
            fields = error.get("fields")
            if not isinstance(fields, dict) or not fields:
                return False
            explained = lambda rules: [n for n, m in fields.items() if n in rules and rules[n] in str(m)]
            every_rule = [e.field_rules for e in EXCLUSIONS if getattr(e, "field_rules", None)]
            return bool(explained(self.field_rules)) and all(
                any(n in explained(rules) for rules in every_rule) for n in fields)
        return True


@dataclass(frozen=True)
class ReplayedCreateExclusion:
    """A created record is missing because the create was an idempotent replay of a record that
    was deleted since: the sandbox marks replays with `Idempotent-Replayed: true`, so this is
    checked in the scenario, not assumed."""
    name: str
    reason: str
    check: str = "ensure_resource_availability"

    def matches(self, check, status, interaction, scenario, **_):
        if check != self.check or status != 404:
            return False
        uri = ((interaction or {}).get("request") or {}).get("uri", "")
        missing = uri.rstrip("/").rsplit("/", 1)[-1]
        for other in (scenario or {}).values():
            response = (other or {}).get("response") or {}
            headers = {k.lower(): v for k, v in (response.get("headers") or {}).items()}
            if "true" not in headers.get("idempotent-replayed", []):
                continue
            if f'"id":"{missing}"' in decode(response.get("content")):
                return True
        return False


def decode(blob):
    if isinstance(blob, dict) and "$base64" in blob:
        return base64.b64decode(blob["$base64"]).decode("utf-8", "replace")
    return blob if isinstance(blob, str) else ""


# Rules the contract states in prose, beyond what its schema can say ("Rules beyond the schema
# (422, with a message per field)" in AdvocateInput, and the descriptions of CampaignInput and
# ActionInput). A generator that only reads the schema produces bodies that break them.
PROSE_RULES = {
    "phone": "must hold 10 US digits",             # AdvocateInput: phone must hold 10 US digits
    "sms_opt_in": "needs a phone",                  # AdvocateInput: sms_opt_in true needs a phone
    "email": "an email or a phone is required",     # AdvocateInput: on create, an email or a phone
    "ends_at": "must not be before starts_at",      # CampaignInput: ends_at not before starts_at
    "name": "name must be 1 to 200 characters",     # CampaignInput: name not blank after trimming
    "campaign_id": "takes no new actions",          # ActionInput: closed or draft campaign → 422
}

EXCLUSIONS = [
    Exclusion(
        name="idempotency-key-reused-across-bodies",
        reason="schemathesis generates the Idempotency-Key header independently of the body, so it "
               "sends one key (often '0') with different bodies; the contract requires 422 "
               "idempotency_mismatch for exactly that",
        check="positive_data_acceptance", status=422, error_code="idempotency_mismatch"),
    Exclusion(
        name="prose-validation-rules",
        reason="the contract states these rules in prose beyond the schema (see PROSE_RULES); a "
               "schema-valid body that breaks one is rightly a 422 naming that field",
        check="positive_data_acceptance", status=422, error_code="validation_failed",
        field_rules=PROSE_RULES),
    Exclusion(
        name="sort-field-not-of-the-resource",
        reason="the contract's `sort` pattern ^-?[a-z_]+$ admits any word, while its description "
               "allows only the listed resource's top-level scalar fields ('anything else is 400')",
        check="positive_data_acceptance", status=400, error_code="bad_request",
        message_contains="cannot sort by"),
    Exclusion(
        name="goal-beyond-64-bit",
        reason="the contract gives CampaignInput.goal no maximum; the sandbox stores integers in "
               "SQLite (64-bit) and answers a goal above 9223372036854775807 with a 422 that says "
               "so — a gap in the contract, reported in the closing note",
        check="positive_data_acceptance", status=422, error_code="validation_failed",
        field_rules={"goal": "whole number from 0 to 9223372036854775807"}),
    ReplayedCreateExclusion(
        name="replayed-create-of-a-deleted-record",
        reason="schemathesis reuses an Idempotency-Key with the same body after the record it "
               "created was deleted; the contract says the replay returns the first response, so "
               "the id it names is rightly gone (the replay carries Idempotent-Replayed: true)"),
]
