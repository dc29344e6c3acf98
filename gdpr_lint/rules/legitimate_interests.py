"""L: legitimate interests and their assessment (Art. 6(1)(f))."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from gdpr_lint.law.dates import add_months, months_between
from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.model import Activity
from gdpr_lint.rules.fingerprint import changed_fields
from gdpr_lint.rules.registry import Hit, rule
from gdpr_lint.rules.special import state_children

LIA = ("legitimate_interests", "lia")
_TESTS = {
    "purpose_test": "is the interest legitimate: lawful, clearly defined, real and present?",
    "necessity_test": "is the processing necessary, with no less intrusive way to the same end?",
    "balancing_test": "do the data subjects' interests, rights and reasonable expectations "
                      "override the interest?",
}
_COMPLETE = """legitimate_interests:
  interest: Preventing payment fraud
  lia:
    purpose_test: Fraud prevention is a recognised legitimate interest (Recital 47)
    necessity_test: Card and device signals are the least data that detect fraud
    balancing_test: Customers expect fraud checks; data kept 90 days
    assessed_on: 2026-06-01"""


def _short_lia(extra: str = "assessed_on: 2026-06-01") -> str:
    """An example assessment in flow style, with ``extra`` fields after the three tests."""
    tail = f",\n        {extra}}}" if extra else "}"
    return ("legitimate_interests:\n  interest: Preventing payment fraud\n  lia: {"
            "purpose_test: Fraud prevention is a recognised legitimate interest (Recital 47),"
            "\n        necessity_test: Card and device signals are the least data that detect "
            "fraud,\n        balancing_test: Customers expect fraud checks; data kept 90 days"
            + tail)


def _lia_rule(a: Activity) -> bool:
    return a.basis == "legitimate_interests" and bool(a.mapping(*LIA))


@rule(id="L001", title="Legitimate interests need a legitimate interest assessment",
      article="Art. 6(1)(f); Art. 5(2)", severity=Severity.ERROR, base="legitimate_interests",
      bad="legitimate_interests: {interest: Preventing payment fraud}",
      good=_COMPLETE)
def lia_required(a: Activity) -> Iterator[Hit]:
    """Legitimate interests is the most flexible basis and the one that needs the most
    care: the controller must show, before processing, that the interest is legitimate,
    that the processing is necessary for it and that the data subjects' rights do not
    override it (the CNIL's three conditions). That reasoning is the legitimate interest
    assessment, and accountability (Art. 5(2)) means it is written down."""
    if a.basis == "legitimate_interests" and not a.mapping(*LIA):
        yield Hit(LIA, "add legitimate_interests.lia with purpose_test, necessity_test, "
                  "balancing_test and assessed_on")


@rule(id="L002", title="Assessment misses one of the three tests", article="Art. 6(1)(f)",
      severity=Severity.ERROR, base="legitimate_interests",
      bad="""legitimate_interests:
  interest: Preventing payment fraud
  lia: {purpose_test: Fraud prevention is legitimate, assessed_on: 2026-06-01}""",
      good=_COMPLETE)
def lia_tests(a: Activity) -> Iterator[Hit]:
    """The assessment has three parts, each a condition of Art. 6(1)(f): the purpose test
    (the interest is legitimate), the necessity test (no less intrusive way) and the
    balancing test (the interests and reasonable expectations of the data subjects do not
    override it). A missing test is a missing condition."""
    if not _lia_rule(a):
        return
    for name, question in _TESTS.items():
        if not a.text(*LIA, name):
            yield Hit((*LIA, name), f"add lia.{name}: {question}")


@rule(id="L003", title="Assessment is not dated", article="Art. 5(2)",
      severity=Severity.ERROR, base="legitimate_interests",
      bad=_short_lia(""), good=_short_lia())
def lia_dated(a: Activity) -> Iterator[Hit]:
    """The assessment must exist before processing starts and be reviewed when things
    change; without a date nobody can tell whether it came first or is still current."""
    if _lia_rule(a) and not a.has(*LIA, "assessed_on"):
        yield Hit(LIA, "add lia.assessed_on: the date of the assessment (YYYY-MM-DD)")


# Saturating date arithmetic: a date far in the future never overflows.
_months_between = months_between
_add_months = add_months


@rule(id="L004", title="Assessment is old", article="Art. 5(2); Art. 24(1)",
      severity=Severity.WARNING, base="legitimate_interests",
      bad=_short_lia("assessed_on: 2019-03-01"), good=_short_lia())
def lia_fresh(a: Activity) -> Iterator[Hit]:
    """Measures must be reviewed and updated where necessary (Art. 24(1)). An assessment
    older than `lia_max_age_months` (default 24) should be looked at again: expectations,
    technology and the processing itself move on."""
    if not _lia_rule(a):
        return
    written = a.text(*LIA, "assessed_on")
    try:
        assessed = dt.date.fromisoformat(written or "")
    except ValueError:
        return
    limit = a.ctx.config.lia_max_age_months
    if _add_months(assessed, limit) < a.ctx.today:
        age = _months_between(assessed, a.ctx.today)
        yield Hit((*LIA, "assessed_on"), f"assessment is {age} months old (limit {limit}): "
                  "review it and update assessed_on")


_STAMPED = """legitimate_interests:
  interest: Preventing payment fraud
  lia:
    purpose_test: Fraud prevention is a recognised legitimate interest (Recital 47)
    necessity_test: Card and device signals are the least data that detect fraud
    balancing_test: Customers expect fraud checks; data kept 90 days
    assessed_on: 2026-06-01
    fingerprint: {purposes: 0d0d757df226, data_categories: e8e40c3d0da8,
      special_categories: 74234e98afe7, retention: faa4c44ba582, data_subjects: be21ec8ae297,
      children: fcbcf165908d, recipients: fdcb2f26916c, transfers: 74234e98afe7,
      source: f25a7760c8cd, automated_decisions: 74234e98afe7, profiling: fcbcf165908d,
      direct_marketing: fcbcf165908d, assessed_on: '2026-06-01'}"""


@rule(id="L005", title="Assessment out of date with the activity",
      article="Art. 5(2); Art. 6(1)(f)",
      severity=Severity.ERROR, base="legitimate_interests",
      bad="purposes: [Detect and prevent payment fraud, Build marketing profiles]\n"
          "data_subjects: [customers, prospects]\n" + _STAMPED,
      good="purposes: [Detect and prevent payment fraud]\n" + _STAMPED)
def lia_current(a: Activity) -> Iterator[Hit]:
    """An assessment weighs particular purposes, people, data, recipients, transfers and
    retention. When any of them changes after `gdpr-lint stamp` recorded the assessment's
    fingerprint, the balance may tip the other way: redo the tests, update `assessed_on`,
    then stamp again. A fingerprint written before format v1.1 is compared on the fields it
    holds."""
    stamped = a.mapping(*LIA, "fingerprint")
    if not _lia_rule(a) or not stamped:
        return
    changed = changed_fields(a.data, stamped)
    if changed:
        yield Hit((*LIA, "fingerprint"), f"{', '.join(changed)} changed since the assessment "
                  "was stamped: review the three tests, update assessed_on, then run "
                  "`gdpr-lint stamp`")


@rule(id="L006", title="Children and no weight given to them", article="Art. 6(1)(f); Recital 38",
      severity=Severity.ERROR, base="legitimate_interests",
      bad="data_subjects: [customers, children of customers]\nchildren: true",
      good="""data_subjects: [customers, children of customers]
children: true
legitimate_interests:
  interest: Preventing payment fraud
  lia:
    purpose_test: Fraud prevention is a recognised legitimate interest (Recital 47)
    necessity_test: Card and device signals are the least data that detect fraud
    balancing_test: Customers expect fraud checks; data kept 90 days
    children: Children's accounts are excluded from device profiling
    assessed_on: 2026-06-01""")
def lia_children(a: Activity) -> Iterator[Hit]:
    """Art. 6(1)(f) names "in particular where the data subject is a child": children merit
    specific protection (Recital 38), and their interests weigh more in the balance. Say
    how the assessment weighed them. The children are the declared ones (`children: true`):
    "parents of pupils" or "child benefit claimants" are not children, and a data subject
    category that names children while `children` is absent gives only an `info` asking to
    state it (a declared fact beats a guess from words)."""
    if not _lia_rule(a) or a.text(*LIA, "children"):
        return
    if a.flag("children"):
        yield Hit(LIA, "children are among the data subjects: add lia.children with the weight "
                  "the balancing test gave their interests")
    else:
        yield from state_children(a, LIA, "the weight the balancing test gives them "
                                  "(Art. 6(1)(f))")


@rule(id="L007", title="Assessment document not found", article="Art. 5(2)",
      severity=Severity.ERROR, base="legitimate_interests",
      bad=_short_lia("assessed_on: 2026-06-01, document: docs/no-such-lia.md"),
      good=_short_lia())
def lia_document_exists(a: Activity) -> Iterator[Hit]:
    """A reference to an assessment that is not there demonstrates nothing. The path is
    relative to the repository root (or to the declaration's folder)."""
    document = a.text(*LIA, "document")
    if a.basis == "legitimate_interests" and document and \
            not a.ctx.file_exists(a.doc, document):
        yield Hit((*LIA, "document"), f"'{document}' does not exist: fix the path or add the "
                  "assessment to the repository")


@rule(id="L008", title="Legitimate interests without the interest stated",
      article="Art. 6(1)(f); Art. 13(1)(d); Art. 14(2)(b)", severity=Severity.ERROR,
      base="legitimate_interests",
      bad="""legitimate_interests:
  lia:
    purpose_test: Fraud prevention is a recognised legitimate interest (Recital 47)
    necessity_test: Card and device signals are the least data that detect fraud
    balancing_test: Customers expect fraud checks; data kept 90 days
    assessed_on: 2026-06-01""",
      good=_COMPLETE)
def interest_stated(a: Activity) -> Iterator[Hit]:
    """The legitimate interest pursued by the controller or a third party must be named:
    the notice tells the data subject what it is (Art. 13(1)(d), 14(2)(b)), and the
    assessment weighs that interest, not the basis in general (CJEU C-621/22 *KNLTB*: the
    interest must be lawful, clearly and precisely articulated, real and present)."""
    if a.basis == "legitimate_interests" and not a.text("legitimate_interests", "interest"):
        yield Hit(("legitimate_interests",) if a.mapping("legitimate_interests") else (),
                  "add legitimate_interests.interest: the interest pursued, as the notice "
                  "states it (Art. 13(1)(d))")
