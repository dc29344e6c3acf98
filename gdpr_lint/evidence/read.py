"""Reading one configured evidence file: size limit, format, kind, then its kind's reader.

A file that cannot be read — missing, not a regular file, over the size limit, malformed
JSON, YAML or property list, or not of any known kind — becomes the file's `problem` (E006,
with the parser's line and column where it gives one); the other files are still read.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from gdpr_lint.evidence import EvidenceFile, Lines

KINDS = ("dbt", "odcs", "openapi", "apple", "fides", "bearer", "privado")
# A 50 MB dbt manifest is a large warehouse's; JSON reads at hundreds of MB a second.
MAX_BYTES = 256 * 1024 * 1024
# YAML and property lists are read node by node with positions: far slower per byte.
MAX_TEXT_BYTES = 16 * 1024 * 1024


def _no_lines(path: tuple[str | int, ...]) -> int:
    return 0


def read_evidence(file: Path, display: str, kind: str | None = None,
                  system: str | None = None, limit: int = MAX_BYTES) -> EvidenceFile:
    """Read one evidence file; what goes wrong is its `problem`, never an exception."""
    from gdpr_lint.lint.loader import NotRegularFile, read_regular

    ev = EvidenceFile(display, kind, system)
    try:
        raw, size = read_regular(str(file), limit)
    except FileNotFoundError:
        return ev.refuse("evidence file not found: check `path` in the configuration's "
                         "`evidence` list (relative to the configuration file)")
    except NotRegularFile as exc:
        return ev.refuse(f"evidence file {exc}")
    except OSError as exc:
        return ev.refuse(f"evidence file cannot be read: {exc.strerror or exc}")
    if len(raw) > limit:
        return ev.refuse(f"evidence file is {size:,} bytes, over the {limit:,}-byte limit: "
                         "point `path` at a smaller file")
    suffix = os.path.splitext(str(file))[1].casefold()
    line: Lines = _no_lines
    try:
        if kind == "apple" or suffix in (".xcprivacy", ".plist") or raw.startswith(b"bplist"):
            data, form = _plist(raw, ev), "plist"
        elif suffix == ".json" or raw.lstrip()[:1] in (b"{", b"["):
            data, form = _json(raw, ev), "json"
        else:
            data, line = _yaml(raw, ev, display)
            form = "yaml"
    except RecursionError:
        return ev.refuse("evidence file is nested too deeply to read")
    if ev.problem is not None:
        return ev
    ev.kind = kind or detect(data, form)
    if ev.kind is None:
        return ev.refuse("cannot tell which kind of evidence this is: set `kind` (one of "
                         f"{', '.join(KINDS)}) for it in the configuration")
    reader: Any = importlib.import_module(f"gdpr_lint.evidence.{ev.kind}")
    try:
        reader.read(data, ev, line)
    except RecursionError:
        return ev.refuse("evidence file is nested too deeply to read")
    if ev.problem is None and not ev.system:
        default = reader.default_system(str(file) if ev.kind == "apple" else data)
        ev.system = default
        if not default:
            ev.refuse(f"a {ev.kind} file names no system: set `system` for it in the "
                      "configuration (the name the activities list in `systems`)")
    return ev


def detect(data: Any, form: str) -> str | None:
    """The kind a parsed file is, from the keys its format requires."""
    if form == "plist":
        return "apple"
    if not isinstance(data, dict):
        return None
    metadata = data.get("metadata")
    if (isinstance(metadata, dict) and "dbt_schema_version" in metadata) or \
            (isinstance(data.get("nodes"), dict) and "sources" in data):
        return "dbt"
    if isinstance(data.get("openapi"), str):
        return "openapi"
    if data.get("kind") == "DataContract" or ("apiVersion" in data and "schema" in data):
        return "odcs"
    if isinstance(data.get("dataset"), list) or isinstance(data.get("system"), list):
        return "fides"
    if isinstance(data.get("sources"), list) and ("dataFlow" in data or "repoName" in data):
        return "privado"
    if any(k in data for k in ("subjects", "third_party", "data_types")):
        return "bearer"
    return None


def _json(raw: bytes, ev: EvidenceFile) -> Any:
    import json

    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        ev.refuse(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)
    except (UnicodeDecodeError, ValueError) as exc:
        ev.refuse(f"invalid JSON: {type(exc).__name__}: {exc}"[:300])
    return None


def _plist(raw: bytes, ev: EvidenceFile) -> Any:
    import plistlib
    from xml.parsers.expat import ExpatError

    try:
        return plistlib.loads(raw)
    except ExpatError as exc:
        ev.refuse(f"invalid property list: {exc}", exc.lineno, exc.offset + 1)
    except (plistlib.InvalidFileException, ValueError, TypeError, KeyError,
            AttributeError, OverflowError) as exc:
        ev.refuse(f"invalid property list: {exc or type(exc).__name__}"[:300])
    return None


def _yaml(raw: bytes, ev: EvidenceFile, display: str) -> tuple[Any, Lines]:
    from gdpr_lint.lint.loader import load_document

    if len(raw) > MAX_TEXT_BYTES:
        ev.refuse(f"YAML evidence file is {len(raw):,} bytes, over the {MAX_TEXT_BYTES:,}-byte "
                  "limit for YAML: export it as JSON")
        return None, _no_lines
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        ev.refuse(f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})")
        return None, _no_lines
    doc = load_document(text, display)
    if doc.problems and (not doc.loaded or doc.problems[0].rule == "X002"):
        first = doc.problems[0]
        ev.refuse(first.message, first.line, first.column)
        return None, _no_lines

    def line(path: tuple[str | int, ...]) -> int:
        return doc.position(path)[0]

    return doc.data, line
