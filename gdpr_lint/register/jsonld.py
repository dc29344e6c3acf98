"""JSON-LD: the record in W3C Data Privacy Vocabulary terms (DPV 2.0 and its EU GDPR extension).

The `@context` is inline, so the file reads offline. Lawful bases, Art. 9 conditions,
transfer mechanisms and rights are the `eu-gdpr:` concepts for the GDPR articles
(https://w3id.org/dpv/legal/eu/gdpr); activities are `dpv:Process` nodes.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from gdpr_lint.register.layouts import Layout
from gdpr_lint.register.model import GIVEN, Party, Register, RegisterEntry, listed

CONTEXT = {
    "dpv": "https://w3id.org/dpv#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "loc": "https://w3id.org/dpv/loc#",
    "dct": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
BASIS = {"consent": "eu-gdpr:A6-1-a", "contract": "eu-gdpr:A6-1-b",
         "legal_obligation": "eu-gdpr:A6-1-c", "vital_interests": "eu-gdpr:A6-1-d",
         "public_task": "eu-gdpr:A6-1-e", "legitimate_interests": "eu-gdpr:A6-1-f"}
ART9 = {"explicit_consent": "a", "employment_social_security": "b", "vital_interests": "c",
        "not_for_profit_body": "d", "made_public": "e", "legal_claims": "f",
        "substantial_public_interest": "g", "health_or_social_care": "h",
        "public_health": "i", "archiving_research_statistics": "j"}
# Art. 49 derogations have one concept per point of Art. 49(1); a declaration does not say
# which point, so the generic DPV transfer legal basis stands for them.
MECHANISM = {"adequacy": "eu-gdpr:A45-3", "scc": "eu-gdpr:A46-2-c", "bcr": "eu-gdpr:A46-2-b",
             "code_of_conduct": "eu-gdpr:A46-2-e", "certification": "eu-gdpr:A46-2-f",
             "ad_hoc_clauses": "eu-gdpr:A46-3-a", "derogation": "dpv:DataTransferLegalBasis"}
RIGHT = {"access": "eu-gdpr:A15", "rectification": "eu-gdpr:A16", "erasure": "eu-gdpr:A17",
         "restriction": "eu-gdpr:A18", "portability": "eu-gdpr:A20", "object": "eu-gdpr:A21",
         "withdraw_consent": "eu-gdpr:A7-3", "human_review": "eu-gdpr:A22",
         "complaint": "eu-gdpr:A77"}
ROLE = {"processor": "dpv:DataProcessor", "controller": "dpv:DataController",
        "joint_controller": "dpv:JointDataControllers", "public_authority": "dpv:Authority",
        "internal": "dpv:Recipient"}


def _word(value: Any) -> str | None:
    """An enum value as declared, or None when it is not text (and so matches nothing)."""
    return value if isinstance(value, str) else None


def _country(code: str) -> dict[str, str] | str:
    """An ISO 3166 code as the DPV location concept (`loc:DE`); other text as it is."""
    return {"@id": f"loc:{code}"} if re.fullmatch(r"[A-Z]{2}", code) else code


def _iri(kind: str, key: str) -> str:
    return f"urn:gdpr-lint:{kind}:{quote(key, safe='')}"


def _described(kind: str, values: Any) -> list[dict[str, Any]]:
    items = values if isinstance(values, list) else [values]
    return [{"@type": kind, "dct:description": v} for v in items if isinstance(v, str)]


def _party(party: Party, kind: str) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": _iri("party", party.key), "@type": kind,
                            "dct:source": party.where}
    if party.name:
        node["dpv:hasName"] = party.name
    if party.contact:
        node["dpv:hasContact"] = party.contact
    for key, prop, cls in (("dpo", "dpv:hasDataProtectionOfficer", "dpv:DataProtectionOfficer"),
                           ("representative", "dpv:hasRepresentative", "dpv:Representative")):
        value = party.data.get(key)
        if isinstance(value, dict):
            node[prop] = {"@type": cls, **({"dpv:hasName": value["name"]} if isinstance(
                value.get("name"), str) else {}), **({"dpv:hasContact": value["contact"]}
                                                   if isinstance(value.get("contact"), str)
                                                   else {})}
    if isinstance(party.data.get("country"), str):
        node["dpv:hasCountry"] = _country(party.data["country"])
    return node


def _recipient(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {"@type": "dpv:Recipient", "dpv:hasName": str(value)}
    node: dict[str, Any] = {"@type": sorted({"dpv:Recipient", ROLE.get(
        str(value.get("role")), "dpv:Recipient")})}
    if isinstance(value.get("name"), str):
        node["dpv:hasName"] = value["name"]
    if isinstance(value.get("country"), str):
        node["dpv:hasCountry"] = _country(value["country"])
    return node


def _activity(entry: RegisterEntry) -> dict[str, Any]:
    data = entry.data
    # In an organisation's register, an id is one repository's (O001 reports the same id
    # declared in two): the repository is part of the node's IRI.
    key = entry.id if entry.source is None else f"{entry.source.repository}/{entry.id}"
    node: dict[str, Any] = {"@id": _iri("activity", key), "@type": "dpv:Process",
                            "dct:identifier": entry.id, "dct:title": entry.name,
                            "dct:source": entry.declared_at}
    if entry.source is not None:
        node["dct:isVersionOf"] = f"{entry.source.repository}@{entry.source.commit}"
    if entry.party is not None:
        prop = "dpv:hasDataController" if entry.record == "controller" else \
            "dpv:hasDataProcessor"
        node[prop] = {"@id": _iri("party", entry.party.key)}
    purposes = data.get("purposes") if entry.record == "controller" else \
        data.get("categories_of_processing")
    node["dpv:hasPurpose"] = _described("dpv:Purpose", purposes or [])
    node["dpv:hasDataSubject"] = _described("dpv:DataSubject", data.get("data_subjects") or [])
    node["dpv:hasPersonalData"] = _described("dpv:PersonalData",
                                             data.get("data_categories") or []) + \
        _described("dpv:SpecialCategoryPersonalData", data.get("special_categories") or [])
    bases = []
    if isinstance(data.get("lawful_basis"), str) and data["lawful_basis"] in BASIS:
        bases.append({"@id": BASIS[data["lawful_basis"]]})
    if entry.item_state("special_categories") == GIVEN and \
            _word(data.get("art9_condition")) in ART9:
        bases.append({"@id": f"eu-gdpr:A9-2-{ART9[data['art9_condition']]}"})
    if bases:
        node["dpv:hasLegalBasis"] = bases
    recipients = data.get("recipients") if entry.record == "controller" else \
        data.get("sub_processors")
    if isinstance(recipients, list):
        node["dpv:hasRecipient"] = [_recipient(r) for r in recipients]
    transfers = [t for t in listed(data.get("transfers")) if isinstance(t, dict)]
    if transfers:
        node["dpv:hasProcess"] = [{
            "@type": "dpv:Transfer",
            **({"dpv:hasThirdCountry": _country(t["country"])} if isinstance(t.get("country"), str)
               else {}),
            **({"dpv:hasLegalBasis": {"@id": MECHANISM[t["mechanism"]]}}
               if _word(t.get("mechanism")) in MECHANISM else {}),
            **({"dct:description": t["reference"]} if isinstance(t.get("reference"), str)
               else {}),
        } for t in transfers]
    retention = data.get("retention")
    periods = retention if isinstance(retention, list) else [retention] if retention else []
    durations = []
    for period in periods:
        if isinstance(period, dict):
            duration: dict[str, Any] = {"@type": "dpv:StorageDuration"}
            if isinstance(period.get("period"), str):
                duration["rdf:value"] = period["period"]
            text = " ".join(str(period[k]) for k in ("criteria", "start") if
                            isinstance(period.get(k), str))
            if text:
                duration["dct:description"] = text
            durations.append(duration)
    if durations:
        node["dpv:hasStorageCondition"] = durations
    node["dpv:hasTechnicalOrganisationalMeasure"] = _described(
        "dpv:TechnicalOrganisationalMeasure", data.get("security_measures") or [])
    if entry.rights:
        node["dpv:hasRight"] = [{"@id": RIGHT[r.key]} for r in entry.rights if r.key in RIGHT]
    if isinstance(data.get("dpia"), dict) and isinstance(data["dpia"].get("reference"), str):
        node["dpv:hasImpactAssessment"] = {"@type": "dpv:DPIA",
                                           "dct:identifier": data["dpia"]["reference"]}
    if entry.history is not None:  # Dublin Core dates of the declaration, from git
        if entry.history.created:
            node["dct:created"] = {"@value": entry.history.created, "@type": "xsd:date"}
        if entry.history.last_changed:
            node["dct:modified"] = {"@value": entry.history.last_changed, "@type": "xsd:date"}
    review = entry.review
    if review is not None:  # the declared review, as DPV's review procedure
        procedure: dict[str, Any] = {"@type": "dpv:ReviewProcedure",
                                     "dct:description": f"every {review.every}"}
        if review.owner:
            procedure["dct:creator"] = review.owner
        if review.due:
            procedure["dct:date"] = {"@value": review.due, "@type": "xsd:date"}
        node["dpv:hasOrganisationalMeasure"] = procedure
    notice = data.get("notice")
    if isinstance(notice, dict):
        where = notice.get("url") or notice.get("document")
        if isinstance(where, str):
            node["dpv:hasNotice"] = {"@type": "dpv:PrivacyNotice", "dct:source": where}
    return node


def render(record: Register, layout: Layout) -> str:
    graph: list[dict[str, Any]] = []
    for section in record.controllers:
        if section.party.key:
            graph.append(_party(section.party, "dpv:DataController"))
    for section in record.processors:
        if section.party.key:
            graph.append(_party(section.party, "dpv:DataProcessor"))
    graph += [_activity(e) for e in record.entries]
    register = {
        "@id": "urn:gdpr-lint:register",
        "@type": "dpv:ROPA",
        "dct:created": {"@value": record.built, "@type": "xsd:dateTime"},
        "dct:source": record.commit,
        "dpv:hasProcess": [{"@id": n["@id"]} for n in graph if n["@type"] == "dpv:Process"],
    }
    document = {"@context": CONTEXT, "@graph": [register, *graph]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
