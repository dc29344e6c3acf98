"""A small company written into a temporary folder for the register and notice tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import write

CONTROLLERS = """\
controllers:
  - id: contoso
    name: Contoso Learning SAS
    contact: privacy@contoso.example, 1 rue de la Paix, 75002 Paris
    country: FR
    dpo: {name: Camille Martin, contact: dpo@contoso.example}
    requests: {channel: https://contoso.example/privacy/requests, response_time: P1M}
"""

SHOP = """\
controller: contoso
activities:
  - id: newsletter
    name: Newsletter
    owner: Marketing
    systems: [Mailer EU region]
    purposes: ["<script>alert(1)</script> Send the newsletter"]
    data_subjects: [subscribers]
    data_categories: [email address]
    lawful_basis: consent
    direct_marketing: true
    consent:
      how_obtained: Unticked checkbox, double opt-in
      records: consent_log table
      withdrawal: Unsubscribe link in every email
    rights: [access, rectification, erasure, restriction, portability, object,
             withdraw_consent, complaint]
    recipients: []
    retention: {period: P2Y, start: last email opened}
    notice: {url: "https://contoso.example/privacy#newsletter", timing: at_collection}
    security_measures: [TLS]

  # gdpr-lint: disable=D004 -- measures are documented in the ISMS, ref ISMS-7
  - id: analytics
    name: "=HYPERLINK(\\"http://evil.example\\",\\"x\\")"
    purposes: ["+1 measure the audience", "-2 tune the pages"]
    data_subjects: ["@visitors"]
    data_categories: ["\\tpages viewed", "\\rreferrer"]
    lawful_basis: legitimate_interests
    legitimate_interests:
      lia: {purpose_test: Audience measurement, necessity_test: Aggregated only,
            balancing_test: Low impact, assessed_on: 2026-03-01}
    rights: [access, rectification, erasure, restriction, object, complaint]
    recipients:
      - {name: Stats Inc, role: processor, country: US, contract: DPA-9}
    retention:
      - {categories: [pages viewed], period: P13M, start: collection}
      - {categories: [referrer], period: P1M, start: collection}
    notice: {url: "https://contoso.example/privacy#analytics", timing: at_collection}

  - id: support
    name: Support
    purposes: [Answer questions]
    data_subjects: [customers]
    data_categories: [name, email address]
    source: [data_subject, third_party]
    lawful_basis: contract
    contract: {reference: Terms section 9, necessity: Questions cannot be answered otherwise}
    joint_controllers:
      - {name: Partner SA, contact: dpo@partner.example, arrangement: JCA-2026-1,
         responsibilities: Partner answers access requests}
    rights: [access, rectification, erasure, restriction, portability, complaint]
    notice: {url: "https://contoso.example/privacy#support", timing: at_collection}
    security_measures: [MFA for staff]

processor_activities:
  - id: hosting
    name: Course hosting for schools
    controllers:
      - {category: schools using the platform, contract: Standard DPA v3,
         list: CRM customer table}
    categories_of_processing: [hosting, backups]
    data_subjects: [pupils, teachers]
    data_categories: [name, grades]
    contract: Standard DPA v3
    sub_processors:
      - {name: Cloud GmbH, country: DE, contract: Sub-DPA 4, authorisation: general}
"""


@pytest.fixture
def company(tmp_path: Path) -> Path:
    """The company's declarations in a git repository with one commit."""
    write(tmp_path, ".gdpr-lint.yaml", "controllers: [controllers.gdpr.yaml]\n")
    write(tmp_path, "controllers.gdpr.yaml", CONTROLLERS)
    write(tmp_path, "shop/shop.gdpr.yaml", SHOP)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
           "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "declarations"], cwd=tmp_path, check=True)
    return tmp_path


def head(folder: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True,
                          text=True, check=True).stdout.strip()


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of ``path`` that contains ``text``."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)
