"""Clean example activities, one per lawful basis: the ground every rule example is laid on.

A rule's ``bad``/``good`` snippet replaces top-level fields of its base activity (a null
value removes the field); the result is linted as a whole file, so every example is a real,
complete declaration that `gdpr-lint explain` can print.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml

from gdpr_lint.lint.loader import load_document
from gdpr_lint.rules.registry import Rule

# libyaml's emitter where PyYAML has it: the same text, five times faster than PyYAML's own
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

CONTROLLER: dict[str, Any] = {
    "id": "acme", "name": "Acme Ltd", "contact": "privacy@acme.example", "country": "DE",
    "requests": {"channel": "privacy@acme.example", "response_time": "P1M"},
}

_COMMON: dict[str, Any] = {
    "recipients": [{"name": "Cloud Hosting GmbH", "role": "processor", "country": "DE",
                    "contract": "Data processing agreement DPA-2025-014 (Art. 28(3))"}],
    "notice": {"url": "https://acme.example/privacy", "timing": "at_collection"},
    "security_measures": ["TLS in transit", "encryption at rest", "role-based access"],
    "review": {"owner": "Data protection lead", "last_reviewed": "2026-11-02", "every": "P2Y"},
}

BASES: dict[str, dict[str, Any]] = {
    "consent": {
        "id": "newsletter",
        "name": "Monthly newsletter",
        "purposes": ["Send the monthly newsletter to subscribers"],
        "data_subjects": ["subscribers"],
        "data_categories": ["email address", "first name"],
        "lawful_basis": "consent",
        "consent": {
            "how_obtained": "Unticked checkbox on the signup form, confirmed by double opt-in",
            "records": "consent_log table (timestamp, form version)",
            "withdrawal": "Unsubscribe link in every email",
        },
        "rights": ["access", "rectification", "erasure", "restriction", "portability",
                   "withdraw_consent", "complaint"],
        "retention": {"period": "P2Y", "start": "last newsletter opened"},
    },
    "contract": {
        "id": "orders",
        "name": "Order fulfilment",
        "purposes": ["Deliver what customers order and take payment"],
        "data_subjects": ["customers"],
        "data_categories": ["name", "postal address", "order history"],
        "lawful_basis": "contract",
        "contract": {"reference": "Terms of sale, section 3",
                     "necessity": "The order cannot be delivered without a delivery address"},
        "rights": ["access", "rectification", "erasure", "restriction", "portability",
                   "complaint"],
        "retention": {"period": "P3Y", "start": "delivery of the order"},
    },
    "legal_obligation": {
        "id": "invoice-archive",
        "name": "Invoice archive",
        "purposes": ["Keep invoices for the period tax law requires"],
        "data_subjects": ["customers"],
        "data_categories": ["name", "billing address", "invoice lines"],
        "lawful_basis": "legal_obligation",
        "legal_obligation": {"law": "German Fiscal Code (AO) section 147"},
        "rights": ["access", "rectification", "restriction", "complaint"],
        "retention": {"period": "P10Y", "start": "end of the calendar year of the invoice",
                      "law": "German Fiscal Code (AO) section 147(3)"},
    },
    "public_task": {
        "id": "library-loans",
        "name": "Public library loans",
        "purposes": ["Lend books to registered readers"],
        "data_subjects": ["library members"],
        "data_categories": ["name", "postal address", "loan history"],
        "lawful_basis": "public_task",
        "public_task": {"law": "Municipal Libraries Act, section 4"},
        "rights": ["access", "rectification", "restriction", "object", "complaint"],
        "retention": {"period": "P1Y", "start": "return of the last loan"},
    },
    "vital_interests": {
        "id": "emergency-contacts",
        "name": "Emergency contact on site",
        "purposes": ["Call an ambulance and a relative when a visitor collapses on site"],
        "data_subjects": ["site visitors"],
        "data_categories": ["name", "emergency contact"],
        "lawful_basis": "vital_interests",
        "vital_interests": {"justification": "The visitor cannot consent when unconscious"},
        "rights": ["access", "rectification", "erasure", "restriction", "complaint"],
        "retention": {"period": "P30D", "start": "the incident"},
    },
    "legitimate_interests": {
        "id": "fraud-screening",
        "name": "Payment fraud screening",
        "purposes": ["Detect and prevent payment fraud"],
        "data_subjects": ["customers"],
        "data_categories": ["payment card BIN", "IP address", "device fingerprint"],
        "lawful_basis": "legitimate_interests",
        "legitimate_interests": {
            "interest": "Preventing payment fraud",
            "lia": {
                "purpose_test": "Fraud prevention is a recognised legitimate interest (Recital 47)",
                "necessity_test": "Card and device signals are the least data that detect fraud",
                "balancing_test": "Customers expect fraud checks; data kept 90 days, no profiling",
                "assessed_on": "2026-06-01",
            },
        },
        "rights": ["access", "rectification", "erasure", "restriction", "object", "complaint"],
        "retention": {"period": "P90D", "start": "the payment"},
    },
}


# A SaaS provider's own record as a processor (Art. 30(2)): the ground of the C rules'
# examples, as BASES are for activities.
PROCESSOR_ACTIVITY: dict[str, Any] = {
    "id": "helpdesk-hosting",
    "name": "Helpdesk ticket hosting for customers",
    "controllers": [{
        "category": "Business customers on the standard subscription",
        "contract": "Data Processing Addendum v4 (Art. 28(3)), annex to the Terms of Service",
        "list": "CRM account records: legal name, privacy contact, EU representative and DPO",
    }],
    "categories_of_processing": ["Storing and indexing support tickets",
                                 "Routing tickets to the customer's agents"],
    "data_subjects": ["the customers' end users who write to support"],
    "data_categories": ["name", "email address", "ticket content"],
    "contract": "Data Processing Addendum v4, signed with each subscription",
    "sub_processors": [{"name": "Cloud Hosting GmbH", "country": "DE",
                        "contract": "Sub-processing agreement 2025-11, Art. 28(4) terms",
                        "authorisation": "general"}],
    "security_measures": ["TLS in transit", "AES-256 at rest", "SSO with MFA for staff"],
}


def processor_document(fields: dict[str, Any]) -> str:
    """A whole file holding the example processor activity with ``fields`` laid over it."""
    processing = copy.deepcopy(PROCESSOR_ACTIVITY)
    for key, value in fields.items():
        if value is None:
            processing.pop(key, None)
        else:
            processing[key] = value
    text: str = yaml.dump({"controller": dict(CONTROLLER), "processor_activities": [processing]},
                          Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=88)
    return text


def base_activity(name: str) -> dict[str, Any]:
    activity = copy.deepcopy(BASES[name])
    for key, value in _COMMON.items():
        activity.setdefault(key, copy.deepcopy(value))
    return activity


def overlay(base: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A base activity with top-level fields replaced (None removes a field)."""
    activity = base_activity(base)
    for key, value in fields.items():
        if value is None:
            activity.pop(key, None)
        else:
            activity[key] = value
    return activity


def activities_document(*overlays: dict[str, Any], base: str = "consent") -> str:
    """A whole declaration file: the example controller and one activity per overlay."""
    activities = [overlay(base, fields) for fields in overlays]
    text: str = yaml.dump({"controller": dict(CONTROLLER), "activities": activities},
                          Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=88)
    return text


def example_document(rule: Rule, which: str) -> str:
    """The whole declaration file for a rule's ``bad`` or ``good`` example."""
    snippet = rule.bad if which == "bad" else rule.good
    if rule.scope not in ("activity", "controller", "processor_activity") or \
            rule.base == "file":  # the example is in how the file is written: kept as written
        return snippet if snippet.endswith("\n") else snippet + "\n"
    fields = load_document(snippet, "<example>").data or {}
    if rule.scope == "processor_activity":
        return processor_document(fields)
    return activities_document(fields, base=rule.base)
