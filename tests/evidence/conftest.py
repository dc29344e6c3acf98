"""Evidence fixtures: the shop repository of the acceptance test, its dbt project parsed by
the real `dbt parse` once per session, and its app's privacy manifest written with plistlib."""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SHOP = ROOT / "tests" / "fixtures" / "evidence" / "shop"
# dbt-core 1.12 fetches a wheel from outside the package registries on install; 1.11 with
# the DuckDB adapter installs from PyPI alone and `dbt parse` runs offline.
DBT = ("dbt-core>=1.11,<1.12", "dbt-duckdb>=1.11,<1.12")


def privacy_manifest(domains: list[str], types: list[str]) -> dict[str, object]:
    """An app's PrivacyInfo.xcprivacy as Apple documents its keys."""
    return {
        "NSPrivacyTracking": bool(domains),
        "NSPrivacyTrackingDomains": domains,
        "NSPrivacyCollectedDataTypes": [
            {"NSPrivacyCollectedDataType": f"NSPrivacyCollectedDataType{t}",
             "NSPrivacyCollectedDataTypeLinked": True,
             "NSPrivacyCollectedDataTypeTracking": False,
             "NSPrivacyCollectedDataTypePurposes": [
                 "NSPrivacyCollectedDataTypePurposeAppFunctionality"]} for t in types],
        "NSPrivacyAccessedAPITypes": [
            {"NSPrivacyAccessedAPIType": "NSPrivacyAccessedAPICategoryUserDefaults",
             "NSPrivacyAccessedAPITypeReasons": ["CA92.1"]}],
    }


@pytest.fixture(scope="session")
def dbt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `dbt` executable of a virtualenv holding dbt-core 1.11 and dbt-duckdb."""
    try:
        import uv
    except ImportError:  # pragma: no cover
        pytest.skip("uv is not installed: pip install -e '.[test]'")
    venv = tmp_path_factory.mktemp("dbt") / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_"))}
    uv = [sys.executable, "-m", "uv"]
    subprocess.run([*uv, "venv", "--quiet", "--python", sys.executable, str(venv)],
                   check=True, env=env, timeout=300, capture_output=True)
    result = subprocess.run([*uv, "pip", "install", "--quiet", "--python",
                             str(venv / "bin" / "python"), *DBT],
                            env=env, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        pytest.skip(f"dbt-core 1.11 with dbt-duckdb cannot be installed here: "
                    f"{result.stderr[-400:]}")
    return venv / "bin" / "dbt"


def dbt_parse(dbt: Path, project: Path) -> Path:
    """`dbt parse` of a project (offline: the DuckDB profile is in memory); its manifest."""
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
           "DBT_PROFILES_DIR": str(project)}
    result = subprocess.run([str(dbt), "parse", "--no-partial-parse"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:]
    return project / "target" / "manifest.json"


@pytest.fixture(scope="session")
def shop_built(dbt: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shop repository with its dbt manifest (parsed once) and its app's manifest."""
    shop = tmp_path_factory.mktemp("shop-built") / "shop"
    shutil.copytree(SHOP, shop)
    dbt_parse(dbt, shop / "warehouse")
    app = shop / "app" / "ShopApp"
    app.mkdir(parents=True)
    with open(app / "PrivacyInfo.xcprivacy", "wb") as handle:
        plistlib.dump(privacy_manifest(
            ["metrics.shopmetrics.example", "sdk.adtracker.example"],
            ["EmailAddress", "Name", "PreciseLocation"]), handle)
    return shop


@pytest.fixture
def shop(shop_built: Path, tmp_path: Path) -> Path:
    """A copy of the built shop repository for one test to change."""
    copy = tmp_path / "shop"
    shutil.copytree(shop_built, copy)
    return copy
