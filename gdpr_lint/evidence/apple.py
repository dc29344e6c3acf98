"""Apple: an app's or SDK's privacy manifest, `PrivacyInfo.xcprivacy`.

A property list (read with `plistlib`, XML or binary; never executed) whose keys Apple
documents in "Privacy manifest files" and "Describing data use in privacy manifests"
(https://developer.apple.com/documentation/bundleresources/privacy-manifest-files; TN3184):
`NSPrivacyCollectedDataTypes` lists dictionaries whose `NSPrivacyCollectedDataType` is one of
Apple's data types (`NSPrivacyCollectedDataTypeEmailAddress`, `...Health`, ...);
`NSPrivacyTrackingDomains` lists the internet domains the app or SDK connects to for
tracking. Apple's types are explicit labels; `NSPrivacyCollectedDataTypeSensitiveInfo`
(racial or ethnic data, sexual orientation, disability, religious or philosophical beliefs,
trade union membership, political opinion, genetic or biometric data) marks special-category
data without saying which.

The file names no system: set `system` in the configuration, or the folder holding the file
(usually the app target) is used.
"""

from __future__ import annotations

import os
from typing import Any

from gdpr_lint.evidence import EvidenceFile, Lines, Seen, ThirdParty
from gdpr_lint.evidence.taxonomy import taxonomy

_SENSITIVE = "NSPrivacyCollectedDataTypeSensitiveInfo"


def default_system(path: str) -> str | None:
    folder = os.path.basename(os.path.dirname(os.path.abspath(path)))
    return folder or None


def read(data: Any, ev: EvidenceFile, line: Lines) -> None:
    if not isinstance(data, dict):
        ev.refuse("not a privacy manifest: the property list is not a dictionary")
        return
    known: dict[str, str] = taxonomy().labels["apple"]
    types = data.get("NSPrivacyCollectedDataTypes", [])
    for index, entry in enumerate(types if isinstance(types, list) else []):
        value = entry.get("NSPrivacyCollectedDataType") if isinstance(entry, dict) else None
        if not isinstance(value, str):
            continue
        where = f"NSPrivacyCollectedDataTypes[{index}] {value}"
        short = value.removeprefix("NSPrivacyCollectedDataType")
        ev.seen.append(Seen(known.get(value, "user"), short, where,
                            special_hint=value == _SENSITIVE))
    domains = data.get("NSPrivacyTrackingDomains", [])
    for index, domain in enumerate(domains if isinstance(domains, list) else []):
        if isinstance(domain, str) and domain.strip():
            ev.parties.append(ThirdParty(domain.strip(),
                                         f"NSPrivacyTrackingDomains[{index}]"))
