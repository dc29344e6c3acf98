"""D: the record of processing activities itself (Art. 30(1))."""

from __future__ import annotations

from collections.abc import Iterator

from gdpr_lint.law import data
from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.model import Activity, Controller, ProcessorActivity
from gdpr_lint.rules.registry import Hit, rule

REQUIRED_LISTS = {"purposes": "the purposes of the processing (Art. 30(1)(b))",
                  "data_subjects": "the categories of data subjects (Art. 30(1)(c))",
                  "data_categories": "the categories of personal data (Art. 30(1)(c))"}


@rule(id="D001", title="No identified controller", article="Art. 30(1)(a); Art. 30(2)(a)",
      severity=Severity.ERROR, also=("processor_activity",),
      bad="controller: {id: acme-fr, name: Acme France, requests: {channel: dpo@acme.example}}",
      good="controller: {id: acme-fr, name: Acme France, contact: dpo@acme.example, "
           "requests: {channel: dpo@acme.example}}")
def controller_identified(a: Activity | ProcessorActivity) -> Iterator[Hit]:
    """The record names the controller and its contact details (Art. 30(1)(a)): the
    organisation that answers for the processing and to which data subjects and the
    supervisory authority turn. A processor's record names the processor the same way
    (Art. 30(2)(a))."""
    if isinstance(a, ProcessorActivity):
        c, key, role = a.processor, "processor", "processor"
    else:
        c, key, role = a.controller, "controller", "controller"
    if c is None:
        if not isinstance(a.get(key), str):
            yield Hit((), f"no {role}: add {key} (an id or a mapping) to the "
                      f"{'processor activity' if role == 'processor' else 'activity'} or "
                      "the file's controller, or set default_controller in the configuration")
        return
    missing = [f for f in ("name", "contact") if not c.text(f)]
    if missing:
        label = f"{role} '{c.id}'" if c.id else f"the {role}"
        yield Hit((key,), f"{label} lacks {' and '.join(missing)}: add "
                  f"them (Art. 30({'2' if role == 'processor' else '1'})(a))")


@rule(id="D002", title="Purposes, data subjects or data categories missing",
      article="Art. 30(1)(b)-(c); Art. 5(1)(b)", severity=Severity.ERROR,
      covers=tuple(REQUIRED_LISTS),
      bad="purposes: []", good="purposes: [Send the monthly newsletter to subscribers]")
def record_lists(a: Activity) -> Iterator[Hit]:
    """Purposes must be specified and explicit (Art. 5(1)(b)); the record lists them with
    the categories of data subjects and of personal data (Art. 30(1)(b)-(c)). Without them
    no other rule can judge the activity."""
    for name, what in REQUIRED_LISTS.items():
        if a.get(name) in (None, [], ""):
            yield Hit((name,), f"add {name}: {what}, at least one")


@rule(id="D003", title="Recipients not declared", article="Art. 30(1)(d)",
      severity=Severity.ERROR, bad="recipients: ~", good="recipients: []")
def recipients_declared(a: Activity) -> Iterator[Hit]:
    """The record lists the categories of recipients to whom the data are disclosed
    (Art. 30(1)(d)), processors included. Write `recipients: []` when there are none, so
    that "none" is a statement and not an omission."""
    if a.get("recipients") is None:
        yield Hit(("recipients",), "add recipients: the processors and other recipients, or "
                  "[] for none")


@rule(id="D004", title="Security measures not described", article="Art. 30(1)(g); Art. 32",
      severity=Severity.WARNING, bad="security_measures: ~",
      good="security_measures: [TLS in transit, encryption at rest]")
def security_described(a: Activity) -> Iterator[Hit]:
    """Where possible, the record gives a general description of the technical and
    organisational security measures of Art. 32(1) (Art. 30(1)(g))."""
    if not a.items("security_measures"):
        yield Hit(("security_measures",), "add security_measures: the technical and "
                  "organisational measures (Art. 32)")


@rule(id="D005", title="Controller outside the EEA without a representative", article="Art. 27",
      severity=Severity.WARNING, scope="controller",
      bad="controller: {id: acme-us, name: Acme Inc, contact: privacy@acme.example, country: US, "
          "requests: {channel: privacy@acme.example}}",
      good="controller: {id: acme-us, name: Acme Inc, contact: privacy@acme.example, "
           "requests: {channel: privacy@acme.example}, "
           "country: US, representative: {name: Acme EU Rep Ltd, contact: rep@acme.example}}")
def representative(c: Controller) -> Iterator[Hit]:
    """A controller or processor not established in the Union that offers goods or services
    to, or monitors, people in the Union designates in writing a representative in the Union
    (Art. 27(1)), unless an exception of Art. 27(2) applies."""
    country = c.text("country")
    if data.is_third_country(country) and not c.mapping("representative"):
        who = c.text("name") or c.id or "the controller"
        yield Hit(("country",), f"'{who}' is established in {country}, outside the EEA: add "
                  "representative {name, contact} (Art. 27)")
