"""E: is the record true? Declarations against the evidence other tools keep (§13).

These rules are made by the engine's cross-file step (`gdpr_lint/evidence/compare.py`) when
the configuration lists `evidence`; they have no check of their own. Their examples are
small repositories: the configuration, the evidence file and the fields of the example
activity, each after a `# FILE` line (`evidence_files` lays them out).
"""

from __future__ import annotations

import re

from gdpr_lint.lint.findings import Severity
from gdpr_lint.rules.registry import declare

ACTIVITY_FILE = "newsletter.gdpr.yaml"
_SECTION = re.compile(r"^# (\S+\.\S+)(?: .*)?$")

_CONFIG = """# .gdpr-lint.yaml
evidence:
  - {path: newsletter-api.yaml}
"""
_API = """# newsletter-api.yaml
openapi: 3.1.0
info: {title: newsletter-api, version: "1"}
servers: [{url: "https://api.acme.example/v1"}]
components:
  schemas:
    Subscriber:
      type: object
      properties:
        email: {type: string, x-pii: user.contact.email}
        first_name: {type: string, x-pii: true}
"""
_ACTIVITY = f"# {ACTIVITY_FILE} (fields of the example activity)\n"


def evidence_files(example: str) -> dict[str, str]:
    """An evidence rule's example as files: name -> text (the activity's fields under
    ACTIVITY_FILE)."""
    files: dict[str, list[str]] = {}
    current = None
    for line in example.splitlines(keepends=True):
        match = _SECTION.match(line.rstrip("\n"))
        if match:
            current = files.setdefault(match.group(1), [])
        elif current is not None:
            current.append(line)
    return {name: "".join(lines) for name, lines in files.items()}


declare(
    id="E001", title="Evidence shows personal data the record does not list",
    article="Art. 30(1)(c); Art. 5(2)", severity=Severity.WARNING, scope="evidence",
    rationale="""
    The record lists the categories of personal data each activity processes
    (Art. 30(1)(c)); a register that omits what the systems really hold is not a formal slip
    (Garante, Foodinho, 2021). A category that evidence kept by another tool (a dbt column's
    `meta`, a contract's `classification`, an API's `x-pii`, an app's privacy manifest, a
    scanner's report) shows in a system, and that no activity listing that system declares,
    is named with the file and the fields. Categories match by fideslang key, by the
    taxonomy's synonyms (`email address` is `user.contact.email`), or a parent covering its
    children; a field labelled personal without a category is matched by its name.""",
    bad=_CONFIG + _API + "        phone: {type: string, x-pii: user.contact.phone_number}\n"
    + _ACTIVITY + "systems: [newsletter-api]\n",
    good=_CONFIG + _API + _ACTIVITY + "systems: [newsletter-api]\n",
)
declare(
    id="E002", title="Evidence labels special-category or criminal data the record omits",
    article="Art. 9(1); Art. 10; Art. 30(1)(c)", severity=Severity.ERROR, scope="evidence",
    rationale="""
    Health, biometric, genetic data and the other categories of Art. 9(1) may be processed
    only under an Art. 9(2) condition, and criminal data only under Art. 10. When evidence
    written by the people who know the data (a dbt model, a data contract, an API
    description, an app's privacy manifest, a Fides dataset) labels a field as such, and no
    activity of that system declares it in `special_categories` (or `criminal_data`), the
    record misses the most serious processing the system does: an error. When only a code
    scanner (Bearer, Privado) guessed it, it is a warning to confirm.""",
    bad=_CONFIG + _API + "        diagnosis: {type: string, x-data-classification: health}\n"
    + _ACTIVITY + "systems: [newsletter-api]\n",
    good=_CONFIG + _API + "        diagnosis: {type: string, x-data-classification: health}\n"
    + _ACTIVITY + "systems: [newsletter-api]\nspecial_categories: [health]\n"
    "art9_condition: explicit_consent\nconsent:\n"
    "  how_obtained: Unticked checkbox on the signup form, confirmed by double opt-in\n"
    "  records: consent_log table (timestamp, form version)\n"
    "  withdrawal: Unsubscribe link in every email\n  explicit: true\n",
)
_APPLE = """# .gdpr-lint.yaml
evidence:
  - {path: App/PrivacyInfo.xcprivacy, system: newsletter-app}
# App/PrivacyInfo.xcprivacy
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>NSPrivacyTracking</key><true/>
  <key>NSPrivacyTrackingDomains</key>
  <array><string>metrics.trackeranalytics.example</string></array>
  <key>NSPrivacyCollectedDataTypes</key>
  <array>
    <dict>
      <key>NSPrivacyCollectedDataType</key><string>NSPrivacyCollectedDataTypeEmailAddress</string>
      <key>NSPrivacyCollectedDataTypeLinked</key><true/>
      <key>NSPrivacyCollectedDataTypeTracking</key><false/>
      <key>NSPrivacyCollectedDataTypePurposes</key>
      <array><string>NSPrivacyCollectedDataTypePurposeAppFunctionality</string></array>
    </dict>
  </array>
</dict>
</plist>
"""
declare(
    id="E003", title="Evidence shows a third party the record does not list",
    article="Art. 30(1)(d); Art. 13(1)(e); Art. 28(1)", severity=Severity.WARNING,
    scope="evidence",
    rationale="""
    The record names the recipients of the data (Art. 30(1)(d)) and the notice tells data
    subjects who they are (Art. 13(1)(e)); a processor needs an Art. 28 contract. An SDK a
    scanner found in the code, a tracking domain an app's privacy manifest declares, a
    server an API description calls on another company's domain: each is a third party the
    data go to, and none of the system's activities lists it among its recipients. Names are
    compared without case, punctuation or company suffixes; the controller's own domains
    (its contact, its notice) are not third parties.""",
    bad=_APPLE + _ACTIVITY + "systems: [newsletter-app]\n",
    good=_APPLE + _ACTIVITY + "systems: [newsletter-app]\nrecipients:\n"
    "  - {name: Tracker Analytics Ltd, role: processor, country: IE,\n"
    "     contract: Data processing agreement DPA-2026-031}\n",
)
_CONTRACT = """# .gdpr-lint.yaml
evidence:
  - {path: subscribers.odcs.yaml}
# subscribers.odcs.yaml
apiVersion: v3.1.0
kind: DataContract
id: subscribers
name: newsletter-db
version: 1.0.0
status: active
schema:
  - name: subscribers
    properties:
      - {name: email, logicalType: string, classification: pii, tags: [email]}
slaProperties:
"""
declare(
    id="E004", title="A data contract keeps data longer than the record declares",
    article="Art. 5(1)(e); Art. 30(1)(f)", severity=Severity.ERROR, scope="evidence",
    rationale="""
    Personal data are kept no longer than necessary (Art. 5(1)(e)) and the record states the
    time limits for erasure (Art. 30(1)(f)). A data contract (ODCS `slaProperties`
    `retention`) that keeps a declared category longer than the activity's `retention` for
    that category means one of them is wrong: either the system keeps data beyond the period
    announced to data subjects, or the record understates it.""",
    bad=_CONTRACT + "  - {property: retention, value: 5, unit: y, element: subscribers.email}\n"
    + _ACTIVITY + "systems: [newsletter-db]\n",
    good=_CONTRACT + "  - {property: retention, value: 2, unit: y, element: subscribers.email}\n"
    + _ACTIVITY + "systems: [newsletter-db]\n",
)
declare(
    id="E005", title="A declared system has no evidence",
    article="Art. 5(2); Art. 30(1)", severity=Severity.INFO, scope="evidence",
    rationale="""
    Once a repository compares its record with evidence, a system that no evidence file
    describes is checked by nothing but the declaration itself. Good practice is to point
    `evidence` at what the system's own tools keep (a dbt manifest, a data contract, an API
    description, a privacy manifest, a scanner's report), so that the record is shown to be
    accurate (Art. 5(2)). Raised only when some evidence is configured.""",
    bad=_CONFIG + _API + _ACTIVITY + "systems: [newsletter-api, crm]\n",
    good=_CONFIG + _API + _ACTIVITY + "systems: [newsletter-api]\n",
)
declare(
    id="E006", title="An evidence file cannot be read",
    article="Art. 5(2)", severity=Severity.ERROR, scope="evidence",
    rationale="""
    A configured evidence file that is missing, not a regular file, over the size limit, or
    not valid JSON, YAML or property list (or of no known kind) checks nothing; it is named
    with the parser's line and column, and the other evidence is still compared. Evidence is
    read as data only: nothing in it is executed and no reference in it is fetched.""",
    bad=_CONFIG + "# newsletter-api.yaml\nopenapi: 3.1.0\ninfo: {title: newsletter-api\n"
    + _ACTIVITY + "systems: [newsletter-api]\n",
    good=_CONFIG + _API + _ACTIVITY + "systems: [newsletter-api]\n",
)
