"""The one taxonomy: fideslang's categories as dated data, synonyms, parents, special keys."""

from __future__ import annotations

import pytest

from gdpr_lint.evidence.labels import guess_key, meta_labels, observe
from gdpr_lint.evidence.taxonomy import normal, taxonomy
from gdpr_lint.law.data import load


def test_shipped_with_date_and_source() -> None:
    data = load("fideslang.json")
    assert data["as_of"] and "fideslang" in data["source"] and "commit" in data["source"]
    assert len(data["categories"]) > 80 and "user.contact.email" in data["categories"]
    labels = load("evidence_labels.json")
    assert labels["as_of"] and "Apple" in labels["source"] and "Bearer" in labels["source"]


def test_every_mapping_names_a_category() -> None:
    tax = taxonomy()
    labels = load("evidence_labels.json")
    for source in ("apple", "bearer", "privado"):
        assert all(tax.is_key(k) for k in labels[source].values()), source
    assert all(tax.is_key(k) for k in labels["words"]["special"].values())
    assert all(tax.is_key(k) for k in load("fideslang.json")["synonyms"])
    assert all(tax.parents[k] is None or tax.is_key(tax.parents[k]) for k in tax.parents)


@pytest.mark.parametrize("text, key", [
    ("email address", "user.contact.email"), ("E-Mail Address", "user.contact.email"),
    ("user.contact.email", "user.contact.email"), ("first name", "user.name.first"),
    ("IP addresses", "user.device.ip_address"), ("date of birth", "user.demographic.date_of_birth"),
    ("Health and Medical Data", "user.health_and_medical"), ("order history",
                                                             "user.behavior.purchase_history"),
])
def test_declared_text_and_keys_meet(text: str, key: str) -> None:
    assert taxonomy().key_for(text) == key


def test_parent_covers_child_either_way_but_root_covers_nothing() -> None:
    tax = taxonomy()
    assert tax.related("user.contact", "user.contact.email")
    assert tax.related("user.contact.email", "user.contact")
    assert not tax.related("user.contact.email", "user.contact.phone_number")
    assert not tax.related("user", "user.contact.email")
    assert not tax.related("user.contact", "user.contact_extra")  # a prefix is not a parent


@pytest.mark.parametrize("key, special", [
    ("user.health_and_medical", "health"), ("user.health_and_medical.record_id", "health"),
    ("user.health_and_medical.genetic", "genetic"), ("user.biometric.fingerprint", "biometric"),
    ("user.demographic.race_ethnicity", "racial_or_ethnic_origin"),
    ("user.demographic.religious_belief", "religious_or_philosophical_beliefs"),
    ("user.demographic.political_opinion", "political_opinions"),
    ("user.demographic.sexual_orientation", "sexual_orientation"),
    ("user.trade_union_membership", "trade_union_membership"), ("user.sex_life", "sex_life"),
    ("user.contact.email", None), ("user.demographic.gender", None),
])
def test_special_categories(key: str, special: str | None) -> None:
    assert taxonomy().special(key) == special


def test_criminal_and_not_personal() -> None:
    tax = taxonomy()
    assert tax.criminal("user.criminal_history") and not tax.criminal("user.name")
    assert not tax.personal("system.operations") and tax.personal("user.name")


def test_labels_read_as_a_person_writes_them() -> None:
    assert normal("contactEmail_address") == "contact email address"
    assert guess_key("customer_email_address") == "user.contact.email"
    assert guess_key("loyalty_tier") is None
    assert meta_labels({"pii": True, "owner": "x", "data_category": "user.name"}) == \
        [True, "user.name"]
    assert observe("email", [True], "c") == [observe("email", [True], "c")[0]]
    seen = observe("email", ["pii"], "column email")
    assert [(s.key, s.explicit) for s in seen] == [("user.contact.email", False)]
    assert [s.key for s in observe("x", ["pii_health"], "w")] == ["user.health_and_medical"]
    assert observe("email", ["public"], "w") == [] and observe("email", [False], "w") == []
    assert observe("notes", ["confidential"], "w") == []  # a class says nothing personal
    hint = observe("notes", ["special category"], "w")
    assert [(s.key, s.special_hint) for s in hint] == [(None, True)]
