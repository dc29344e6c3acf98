"""The organisation's register: checks across repositories' records (SPEC §12).

`gdpr-lint aggregate` raises these while it merges record files (`organisation/merge.py`);
one repository's `check` cannot see them. Their examples are record files, each line of the
form `# NAME` starting the next file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from gdpr_lint.lint.findings import Severity
from gdpr_lint.rules.registry import declare

_BUILT = "2026-05-20T09:00:00Z"


def _party(repository: str, ident: str, name: str, country: str = "DE") -> dict[str, Any]:
    contact = f"privacy@{ident}.example"
    return {"id": ident, "name": name, "contact": contact,
            "declared": {"id": ident, "name": name, "contact": contact, "country": country},
            "where": {"repository": repository, "path": "controllers.gdpr.yaml", "line": 2}}


def _activity(repository: str, ident: str, recipient: dict[str, Any] | None = None
              ) -> dict[str, Any]:
    declared: dict[str, Any] = {"id": ident, "name": ident.capitalize(),
                                "lawful_basis": "contract"}
    if recipient is not None:
        declared["recipients"] = [recipient]
    return {"id": ident, "name": ident.capitalize(), "record": "controller",
            "where": {"repository": repository, "path": f"{ident}.gdpr.yaml", "line": 3},
            "controller": None, "declared": declared, "items": {}, "missing": []}


def record(repository: str, commit: str, activities: list[dict[str, Any]] = (),  # type: ignore[assignment]
           controllers: list[dict[str, Any]] = (),  # type: ignore[assignment]
           committed: str = "2026-05-19T17:00:00+02:00") -> str:
    """A small record file of ``repository`` at ``commit``, as an example shows it."""
    head = {"format": "gdpr-lint-record", "version": 1,
            "source": {"repository": repository, "commit": commit, "built": _BUILT,
                       "root": ".", "committed": committed},
            "controllers": list(controllers), "activities": list(activities),
            "processor_activities": [], "findings": [], "suppressions": []}
    return json.dumps(head, ensure_ascii=False, indent=2)


def records(*files: tuple[str, str]) -> Callable[[], str]:
    return lambda: "".join(f"# {name}\n{text}\n" for name, text in files)



def split_example(text: str) -> list[tuple[str, str]]:
    """The files of an example: ``# NAME`` lines start each."""
    files: list[tuple[str, str]] = []
    for line in text.splitlines():
        if line.startswith("# "):
            files.append((line[2:].strip(), ""))
        elif files:
            name, body = files[-1]
            files[-1] = (name, body + line + "\n")
    return files


_STRIPE_US = {"name": "Stripe, Inc.", "role": "processor", "country": "US",
              "contract": "DPA-2025-01"}

declare(
    id="O001", title="Activity id declared in two repositories", article="Art. 30(1)",
    severity=Severity.ERROR, scope="organisation",
    rationale="""
    The organisation keeps one record of processing activities (Art. 30(1)); an activity's
    id names one entry in it. When two repositories declare the same id, the merged register
    holds two different entries under one name, and a reference to it (a DPIA, a notice, a
    data subject's request) no longer says which. Rename one, or declare the activity once
    and let the other repository refer to it.""",
    bad=records(("shop.record.json", record("acme/shop", "a1", [_activity("acme/shop",
                                                                         "newsletter")])),
                ("blog.record.json", record("acme/blog", "b2", [_activity("acme/blog",
                                                                         "newsletter")]))),
    good=records(("shop.record.json", record("acme/shop", "a1", [_activity("acme/shop",
                                                                          "newsletter")])),
                 ("blog.record.json", record("acme/blog", "b2", [_activity(
                     "acme/blog", "blog-newsletter")]))),
)
declare(
    id="O002", title="Controller id with two identities", article="Art. 30(1)(a)",
    severity=Severity.ERROR, scope="organisation",
    rationale="""
    Art. 30(1)(a) asks for the name and contact details of the controller. Across
    repositories, one controller id must mean one organisation: when two repositories give
    the same id another name, contact or country, the merged register names two
    controllers as one. Declare the organisation's controllers once, in the privacy
    repository, and let the others name its record file in `controllers:`.""",
    bad=records(("privacy.record.json", record("acme/privacy", "c3", controllers=[
        _party("acme/privacy", "acme", "Acme Ltd")])),
                ("shop.record.json", record("acme/shop", "a1", controllers=[
                    _party("acme/shop", "acme", "Acme GmbH")]))),
    good=records(("privacy.record.json", record("acme/privacy", "c3", controllers=[
        _party("acme/privacy", "acme", "Acme Ltd")])),
                 ("shop.record.json", record("acme/shop", "a1", controllers=[
                     _party("acme/shop", "acme", "Acme Ltd")]))),
)
declare(
    id="O003", title="Recipient declared differently across repositories",
    article="Art. 30(1)(d)-(e); Art. 28(3)", severity=Severity.WARNING, scope="organisation",
    rationale="""
    One vendor is usually one contract, one role and one place of processing, whichever team
    uses it. When repositories name the same recipient (names compared ignoring case and
    punctuation) with different countries, roles or contracts, at least one is likely out
    of date, and the transfers (Arts 44-49) or the processor contract (Art. 28(3)) the
    register shows may be wrong. A warning: teams may really use different entities or
    contracts of one vendor.""",
    bad=records(("shop.record.json", record("acme/shop", "a1", [_activity(
        "acme/shop", "payments", _STRIPE_US)])),
                ("app.record.json", record("acme/app", "d4", [_activity(
                    "acme/app", "subscriptions", {**_STRIPE_US, "name": "stripe inc",
                                                  "country": "IE"})]))),
    good=records(("shop.record.json", record("acme/shop", "a1", [_activity(
        "acme/shop", "payments", _STRIPE_US)])),
                 ("app.record.json", record("acme/app", "d4", [_activity(
                     "acme/app", "subscriptions", {**_STRIPE_US, "name": "stripe inc"})]))),
)
declare(
    id="O004", title="Record built from an old commit", article="Art. 5(2); Art. 30(1)",
    severity=Severity.WARNING, scope="organisation",
    rationale="""
    The record must be kept up to date (Art. 5(2), Art. 30(1)); a record file is as current
    as the commit it was built from. A record whose commit is older than `max_age` (an ISO
    8601 duration in the configuration, default P90D) may describe processing that has
    changed since: rebuild it in the repository's CI. The commit's date is used, else the
    date the record was built.""",
    bad=records(("shop.record.json", record("acme/shop", "a1", [_activity("acme/shop",
                                                                         "newsletter")],
                                            committed="2025-11-02T10:00:00+01:00"))),
    good=records(("shop.record.json", record("acme/shop", "a1", [_activity("acme/shop",
                                                                          "newsletter")]))),
)
declare(
    id="O005", title="Input that is not a valid record", article="Art. 30(1)",
    severity=Severity.ERROR, scope="organisation",
    rationale="""
    An input of `gdpr-lint aggregate` that is not a record file this version reads (not
    JSON, cut short, another format or version, or not what the record schema describes)
    is named with the line that shows it; the other inputs are still merged. The
    organisation's register is then incomplete: the repository's activities are missing
    from it until its record is rebuilt with `gdpr-lint register --format json`.""",
    bad=records(("shop.record.json", record("acme/shop", "a1")[:40])),
    good=records(("shop.record.json", record("acme/shop", "a1"))),
)
