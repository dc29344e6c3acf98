"""An organisation in four real git repositories, written into a temporary folder.

`privacy` declares the controllers and publishes its record; `shop`, `blog` and `app` refer
to that record in `controllers:` and share vendors. Where the cross-repository checks must
fire, and nowhere else: `newsletter` is declared in both shop and blog (O001), and app names
Stripe with another country (O003). Everything else agrees.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from gdpr_lint.rules.examples import overlay
from tests.conftest import call_main, write

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
       "-c", "commit.gpgsign=false"]

CONTROLLERS = """\
controllers:
  - id: acme
    name: Acme Health Group SA
    contact: privacy@acme.example, 1 rue de la Paix, 75002 Paris
    country: FR
    dpo: {name: Camille Martin, contact: dpo@acme.example}
    requests: {channel: https://acme.example/privacy/requests, response_time: P1M}
"""

STRIPE = {"name": "Stripe, Inc.", "role": "processor", "country": "US",
          "dpf_certified": True, "contract": "DPA-STRIPE-2025"}
MAILER = {"name": "Mailer Corp", "role": "processor", "country": "US",
          "contract": "DPA-MAIL-7"}
SCC_US = [{"country": "US", "mechanism": "scc", "reference": "SCC module 2, 2025-03",
           "tia": "TIA-MAIL-2025"}]
DPF_US = [{"country": "US", "mechanism": "adequacy",
           "reference": "DPF; SCC module 2 in DPA-STRIPE-2025 as fallback"}]


def activity(base: str, ident: str, name: str, recipients: list[dict[str, Any]],
             transfers: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return overlay(base, {"id": ident, "name": name, "recipients": recipients,
                          "transfers": transfers or []})


PRODUCTS: dict[str, list[dict[str, Any]]] = {
    "shop": [activity("contract", "checkout", "Checkout", [STRIPE], DPF_US),
             activity("consent", "newsletter", "Shop newsletter", [MAILER], SCC_US)],
    "blog": [activity("consent", "newsletter", "Blog newsletter", [MAILER], SCC_US),
             activity("contract", "donations", "Donations", [{**STRIPE, "name": "stripe inc"}],
                      DPF_US)],
    "app": [activity("contract", "subscriptions", "Subscriptions",
                     [{**STRIPE, "name": "STRIPE INC.", "country": "IE",
                       "dpf_certified": False}])],
}


def commit(folder: Path, message: str, env: dict[str, str] | None = None) -> None:
    subprocess.run([*GIT, "add", "."], cwd=folder, check=True)
    subprocess.run([*GIT, "commit", "-qm", message], cwd=folder, check=True,
                   env={**os.environ, **(env or {})})


def repository(folder: Path, name: str, origin: str | None = None) -> Path:
    folder.mkdir(parents=True)
    subprocess.run([*GIT, "init", "-q", "-b", "main"], cwd=folder, check=True)
    if origin:
        subprocess.run(["git", "remote", "add", "origin", origin], cwd=folder, check=True)
    return folder


def run(*args: str, cwd: Path | str | None = None) -> subprocess.CompletedProcess[str]:
    """A `gdpr-lint` command line, answered by `gdpr_lint.cli.main` in this process (usable
    in any scope); the Action's steps in test_aggregate.py run the installed executable."""
    return call_main(*args, cwd=cwd)


def build(tmp_path: Path) -> Path:
    """``privacy`` (its record built and committed), ``shop``, ``blog``, ``app``."""
    privacy = repository(tmp_path / "privacy", "privacy")
    write(privacy, ".gdpr-lint.yaml", "repository: acme/privacy\n")
    write(privacy, "controllers.gdpr.yaml", CONTROLLERS)
    commit(privacy, "controllers")
    built = run("register", "--format", "json", "--output", "controllers.record.json",
                cwd=privacy)
    assert built.returncode == 0, built.stderr
    commit(privacy, "publish the record")
    origins = {"shop": "https://ci-bot:s3cr3t-t0ken@git.example/acme/shop.git",
               "blog": None, "app": "git@git.example:acme/app.git"}
    for name, activities in PRODUCTS.items():
        folder = repository(tmp_path / name, name, origins[name])
        config = "controllers: [../privacy/controllers.record.json]\n" \
                 "default_controller: acme\n"
        if name == "blog":
            config = "repository: acme/blog\n" + config
        write(folder, ".gdpr-lint.yaml", config)
        write(folder, f"{name}.gdpr.yaml", yaml.safe_dump(
            {"controller": "acme", "activities": activities}, sort_keys=False, width=88))
        commit(folder, "declarations")
    return tmp_path


@pytest.fixture(scope="module")
def organisation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four repositories, built once for a test module (tests read, never write them)."""
    return build(tmp_path_factory.mktemp("organisation"))


@pytest.fixture(scope="module")
def records(organisation: Path) -> dict[str, Path]:
    """Each repository's record file, built as its CI builds it, in a folder of records."""
    into = organisation / "records"
    into.mkdir(exist_ok=True)
    made = {}
    for name in ("privacy", "shop", "blog", "app"):
        made[name] = into / name / "gdpr-lint-record.json"
        made[name].parent.mkdir()
        result = run("register", "--format", "json", "--output", str(made[name]),
                     cwd=organisation / name)
        assert result.returncode == 0, result.stderr
    return made


def head(folder: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True,
                          text=True, check=True).stdout.strip()
