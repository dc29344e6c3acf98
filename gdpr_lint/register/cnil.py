"""The CNIL layout: the fields of the CNIL's model record sheet ("fiche de registre"), in
French throughout.

Headings, fixed texts and every enum value are French (a lawful basis is "Intérêts
légitimes", never `legitimate_interests`); declared text stays as written. Data categories
are grouped in the model's families (état civil, vie personnelle, vie professionnelle,
informations d'ordre économique et financier, connexion, localisation, internet) where a
declared category matches one, and shown as declared otherwise; the sensitive data of the
model's question "Des données sensibles sont-elles traitées ?" are named in its words. The
families, their words and their source are dated data (`law/data/cnil_register.json`).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from gdpr_lint.register.layouts import (
    FRENCH,
    Layout,
    attribute,
    built,
    commit,
    history,
    item,
    party,
    review,
)
from gdpr_lint.register.model import MISSING, Register, RegisterEntry, listed

F = FRENCH

BASES = {
    "consent": "Consentement (art. 6(1)(a))",
    "contract": "Exécution d'un contrat (art. 6(1)(b))",
    "legal_obligation": "Obligation légale (art. 6(1)(c))",
    "vital_interests": "Sauvegarde des intérêts vitaux (art. 6(1)(d))",
    "public_task": "Mission d'intérêt public ou exercice de l'autorité publique (art. 6(1)(e))",
    "legitimate_interests": "Intérêts légitimes (art. 6(1)(f))",
}
ROLES = {"processor": "sous-traitant", "controller": "responsable du traitement",
         "joint_controller": "responsable conjoint", "public_authority": "autorité publique",
         "internal": "service interne"}
MECHANISMS = {
    "adequacy": "décision d'adéquation (art. 45)",
    "scc": "clauses contractuelles types (art. 46(2)(c))",
    "bcr": "règles d'entreprise contraignantes (art. 47)",
    "code_of_conduct": "code de conduite (art. 46(2)(e))",
    "certification": "certification (art. 46(2)(f))",
    "ad_hoc_clauses": "clauses contractuelles ad hoc (art. 46(3)(a))",
    "derogation": "dérogation pour une situation particulière (art. 49)",
}
_UNITS = {"Y": ("an", "ans"), "M": ("mois", "mois"), "W": ("semaine", "semaines"),
          "D": ("jour", "jours")}
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def duration(text: str) -> str:
    """`P2Y6M` -> `2 ans 6 mois (P2Y6M)`; other text as written."""
    match = _DURATION.match(text)
    if not match or not any(match.groups()):
        return text
    words = [f"{int(n)} {_UNITS[u][int(n) != 1]}" for n, u in
             zip(match.groups(), "YMWD", strict=True) if n]
    return f"{' '.join(words)} ({text})"


@functools.cache
def _reference() -> dict[str, Any]:
    from gdpr_lint.law.data import load

    return load("cnil_register.json")


@functools.cache
def _matchers() -> list[tuple[str, re.Pattern[str], tuple[str, ...]]]:
    matchers = []
    for family in _reference()["families"]:
        words = sorted(family["words"], key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)",
                             re.IGNORECASE)
        matchers.append((family["label"], pattern, tuple(family["keys"])))
    return matchers


def family(category: str) -> str | None:
    """The CNIL family of a declared data category: by fideslang key prefix, else by the
    longest family word found in it (`IP address` is a connection datum, not an address);
    None when no family matches."""
    text = category.strip()
    best: tuple[int, str] | None = None
    for label, pattern, keys in _matchers():
        if any(text == key or text.startswith(key + ".") for key in keys):
            return label
        for match in pattern.finditer(text):
            if best is None or len(match[0]) > best[0]:
                best = (len(match[0]), label)
    return best[1] if best else None


def categories(entry: RegisterEntry, _: Register) -> str:
    """Declared categories grouped by CNIL family, in the model's order; the others as
    declared, after them."""
    if entry.item_state("data_categories") == MISSING:
        return F.missing
    declared = [c for c in listed(entry.data.get("data_categories")) if isinstance(c, str)]
    if not declared:
        return F.none
    grouped: dict[str, list[str]] = {label: [] for label, _, _ in _matchers()}
    others: list[str] = []
    for category in declared:
        found = family(category)
        (grouped[found] if found else others).append(category)
    lines = [f"{label.split(' (')[0]} : {', '.join(values)}"  # without the examples
             for label, values in grouped.items() if values]
    if others:
        lines.append(f"Autres catégories (telles que déclarées) : {', '.join(others)}")
    return " ; ".join(lines)


def sensitive(entry: RegisterEntry, _: Register) -> str:
    """The model's sensitive data: the Art. 9 categories, criminal data (Art. 10) and the
    national identification number, in its words."""
    names = _reference()["sensitive"]
    found = [names[k] for k in listed(entry.data.get("special_categories"))
             if isinstance(k, str) and k in names]
    if entry.data.get("criminal_data") is True:
        found.append(names["criminal"])
    nir = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in _reference()["nir_words"])
                     + r")(?!\w)", re.IGNORECASE)
    if any(isinstance(c, str) and nir.search(c) for c in
           listed(entry.data.get("data_categories"))):
        found.append(names["nir"])
    condition = _text(entry.data.get("art9_condition"))
    if found and condition:
        found.append(f"condition de l'art. 9(2) : {ART9.get(condition, condition)}")
    return " ; ".join(found) or "Non"


ART9 = {
    "explicit_consent": "consentement explicite (a)",
    "employment_social_security": "droit du travail et de la sécurité sociale (b)",
    "vital_interests": "intérêts vitaux (c)",
    "not_for_profit_body": "organisme à but non lucratif (d)",
    "made_public": "données rendues publiques par la personne (e)",
    "legal_claims": "droits en justice (f)",
    "substantial_public_interest": "intérêt public important (g)",
    "health_or_social_care": "médecine préventive, diagnostics, soins (h)",
    "public_health": "santé publique (i)",
    "archiving_research_statistics": "archives, recherche ou statistiques (j)",
}


def basis(entry: RegisterEntry, _: Register) -> str:
    data = entry.data
    value = _text(data.get("lawful_basis"))
    if value is None:
        return F.missing
    line = BASES.get(value, value)
    found = data.get(value)
    detail: dict[str, Any] = found if isinstance(found, dict) else {}
    extra = {"legitimate_interests": ("interest", "intérêt poursuivi"),
             "legal_obligation": ("law", "texte"), "public_task": ("law", "texte"),
             "contract": ("reference", "contrat")}.get(value)
    if extra and _text(detail.get(extra[0])):
        line += f" ; {extra[1]} : {_text(detail.get(extra[0]))}"
    return line


def subjects(entry: RegisterEntry, _: Register) -> str:
    if entry.item_state("data_subjects") == MISSING:
        return F.missing
    values = [v for v in listed(entry.data.get("data_subjects")) if isinstance(v, str)]
    if entry.data.get("children") is True:
        age = entry.data.get("children_min_age")
        values.append(f"dont des enfants (dès {age} ans)" if isinstance(age, int)
                      and not isinstance(age, bool) else "dont des enfants")
    return " ; ".join(values) or F.none


def _recipient(value: Any) -> str:
    if not isinstance(value, dict):
        return _text(value) or ""
    role = value.get("role")
    where = _text(value.get("country")) or _text(value.get("organisation"))
    details = ", ".join(p for p in (ROLES.get(role, _text(role) or "") if isinstance(
        role, str) else "", where) if p)
    line = _text(value.get("name")) or "destinataire sans nom"
    if details:
        line += f" ({details})"
    if value.get("dpf_certified") is True:
        line += ", certifié au titre du cadre de protection des données UE–États-Unis"
    if _text(value.get("contract")):
        line += f" ; contrat : {_text(value.get('contract'))}"
    shared = [c for c in listed(value.get("categories")) if isinstance(c, str)]
    if shared:
        line += f" ; données : {', '.join(shared)}"
    return line


def recipients(entry: RegisterEntry, _: Register) -> str:
    state = entry.item_state("recipients")
    if state == MISSING:
        return F.missing
    lines = [_recipient(v) for v in listed(entry.data.get("recipients"))]
    return " ; ".join(line for line in lines if line) or F.none


def transfers(entry: RegisterEntry, record: Register) -> str:
    found = entry.by_key.get("transfers")
    if found is not None and found.state == MISSING:
        outside = [r.get("country") for r in listed(entry.data.get("recipients"))
                   if isinstance(r, dict) and isinstance(r.get("country"), str)]
        detail = found.values[0] if found.values else ""
        if "outside the EEA" in detail:
            countries = detail[detail.find("(") + 1:detail.find(")")]
            return (f"{F.missing} : destinataires hors de l'EEE ({countries}) sans transfert "
                    "déclaré")
        return F.missing if not outside else f"{F.missing} : transferts non déclarés"
    lines = []
    for value in listed(entry.data.get("transfers")):
        if not isinstance(value, dict):
            continue
        where = _text(value.get("country")) or _text(value.get("organisation")) or "sans nom"
        mechanism = value.get("mechanism")
        safeguard = MECHANISMS.get(mechanism, _text(mechanism) or "") if isinstance(
            mechanism, str) else ""
        line = f"{where} : {safeguard or 'garantie ' + F.missing}"
        if _text(value.get("reference")):
            line += f", {_text(value.get('reference'))}"
        if _text(value.get("tia")):
            line += f" ; analyse d'impact des transferts : {_text(value.get('tia'))}"
        lines.append(line)
    return " ; ".join(lines) or F.none


def retention(entry: RegisterEntry, _: Register) -> str:
    if entry.item_state("retention") == MISSING:
        return F.missing
    value = entry.data.get("retention")
    lines = []
    for period in value if isinstance(value, list) else [value]:
        if not isinstance(period, dict):
            continue
        parts = []
        if _text(period.get("period")):
            parts.append(duration(str(period["period"]).strip()))
        if _text(period.get("start")):
            parts.append(f"à compter de : {_text(period.get('start'))}")
        if _text(period.get("criteria")):
            parts.append(f"critères : {_text(period.get('criteria'))}")
        if _text(period.get("law")):
            parts.append(f"texte : {_text(period.get('law'))}")
        line = ", ".join(parts)
        shared = [c for c in listed(period.get("categories")) if isinstance(c, str)]
        if shared:
            line = f"{', '.join(shared)} : {line}"
        lines.append(line)
    return " ; ".join(line for line in lines if line) or F.none


def joint(entry: RegisterEntry, _: Register) -> str:
    lines = []
    for value in listed(entry.data.get("joint_controllers")):
        if isinstance(value, dict):
            parts = [_text(value.get("name")), _text(value.get("contact")),
                     f"accord : {_text(value.get('arrangement')) or F.missing}",
                     _text(value.get("responsibilities"))]
            lines.append(", ".join(p for p in parts if p))
    return " ; ".join(lines) or F.none


def dpia(entry: RegisterEntry, _: Register) -> str:
    value = entry.data.get("dpia")
    if not isinstance(value, dict):
        return F.missing
    if _text(value.get("reference")):
        return ", ".join(p for p in ("réalisée", _text(value.get("reference")),
                                     _text(value.get("date"))) if p)
    line = f"non requise : {_text(value.get('not_required')) or 'motif ' + F.missing}"
    if _text(value.get("law")):
        line += f" ; {_text(value.get('law'))}"
    return line


# The CNIL's model record sheet, its fields in its order, then the dates of the sheet.
CNIL = Layout("cnil", (
    ("Référence", attribute("id")),
    ("Nom du traitement", attribute("name")),
    ("Responsable du traitement", party("name", F)),
    ("Délégué à la protection des données", party("dpo", F)),
    ("Représentant", party("representative", F)),
    ("Responsables conjoints", joint),
    ("Finalité(s) du traitement effectué", item("purposes", F)),
    ("Base légale", basis),
    ("Catégories de personnes concernées", subjects),
    ("Catégories de données personnelles concernées", categories),
    ("Données sensibles", sensitive),
    ("Catégories de destinataires", recipients),
    ("Transferts des données hors UE", transfers),
    ("Durées de conservation", retention),
    ("Mesures de sécurité", item("security_measures", F)),
    ("Analyse d'impact (AIPD)", dpia),
    ("Date de création de la fiche", history(0, F)),
    ("Date de dernière mise à jour de la fiche", history(1, F)),
    ("Responsable de la revue", review("owner", F)),
    ("Prochaine revue", review("due", F)),
    ("Déclaré dans", attribute("declared_at")),
    ("Commit", commit),
    ("Généré le", built),
), False, F)
