"""Time the language server: diagnostics after a change to a 50-activity file.

Usage: python benchmarks/server.py [--activities 50] [--changes 20]

Starts `gdpr-lint server` over stdio as an editor does, opens a generated declaration of
--activities activities (beside its controllers file, so cross-file checks run too), then
sends --changes edits, each one making or clearing a finding, and times each from the
`didChange` notification to the `publishDiagnostics` that answers it. Prints the median and
worst latency in milliseconds and, as the figures to compare between machines, their ratio
to the same edits linted with the file's controllers in one warm process (the work the
server keeps warm; it re-checks only the changed file, so it can beat this) and to one
`gdpr-lint check` from the command line, both measured in the same run. It judges nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from lsprotocol import types
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import CONTROLLER, activity  # noqa: E402


def write_project(folder: Path, activities: int) -> Path:
    rng = random.Random(1)
    (folder / "controllers.gdpr.yaml").write_text(
        yaml.safe_dump({"controllers": [CONTROLLER]}, sort_keys=False))
    path = folder / "big.gdpr.yaml"
    path.write_text(yaml.safe_dump(
        {"version": 1, "controller": CONTROLLER["id"],
         "activities": [activity(rng, n, faulty=False) for n in range(activities)]},
        sort_keys=False, allow_unicode=True))
    return path


async def server_latencies(path: Path, changes: int) -> list[float]:
    exe = shutil.which("gdpr-lint") or "gdpr-lint"
    client = LanguageClient("benchmark", "1")
    arrived: asyncio.Queue[tuple[float, types.PublishDiagnosticsParams]] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: types.PublishDiagnosticsParams) -> None:
        arrived.put_nowait((time.perf_counter(), params))

    await client.start_io(exe, "server")
    uri = path.as_uri()
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=path.parent.as_uri()))
    client.initialized(types.InitializedParams())
    text = path.read_text()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri, "yaml", 1, text)))

    async def answer() -> types.PublishDiagnosticsParams:
        while True:
            _, params = await asyncio.wait_for(arrived.get(), 60)
            if params.uri == uri:
                return params

    await answer()  # the first lint of the project: start-up, not a change
    latencies = []
    for version in range(2, changes + 2):
        # Every other change breaks a basis (B002) and the next one repairs it.
        edited = text.replace("lawful_basis: consent", "lawful_basis: Consent", 1) \
            if version % 2 == 0 else text
        start = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version, uri),
            [types.TextDocumentContentChangeWholeDocument(edited)]))
        params = await answer()
        latencies.append((time.perf_counter() - start) * 1000)
        assert any(d.code == "B002" for d in params.diagnostics) == (version % 2 == 0)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return latencies


async def long_line_ms(path: Path, width: int) -> dict[str, float]:
    """Milliseconds of a hover, a completion and the code actions on a line of ``width``
    characters (spaces inside a list item and inside a suppression comment: the cases the
    line patterns once took quadratic time on)."""
    exe = shutil.which("gdpr-lint") or "gdpr-lint"
    client = LanguageClient("benchmark", "1")
    await client.start_io(exe, "server")
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=path.parent.as_uri()))
    client.initialized(types.InitializedParams())
    pad = " " * width
    text = path.read_text().replace("lawful_basis: consent", "lawful_basis: Consent  "
                                    f"# gdpr-lint: disable=D004{pad}x", 1)
    text = text.replace("purposes:\n", f"purposes:\n    - Long{pad}item\n", 1)
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if "lawful_basis: Consent" in line)
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri, "yaml", 1, text)))
    document = types.TextDocumentIdentifier(uri)
    end = types.Position(row, len(lines[row]))
    timings = {}
    start = time.perf_counter()
    await client.text_document_hover_async(types.HoverParams(document, end))
    timings["hover"] = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    await client.text_document_completion_async(types.CompletionParams(document, end))
    timings["completion"] = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    await client.text_document_code_action_async(types.CodeActionParams(
        document, types.Range(types.Position(row, 0), end), types.CodeActionContext([])))
    timings["code actions"] = (time.perf_counter() - start) * 1000
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return timings


def in_process_ms(path: Path, changes: int) -> float:
    """The median of warm in-process lints of the same edits, with the project's
    controllers file."""
    from gdpr_lint.lint.config import Config
    from gdpr_lint.lint.engine import Linter
    from gdpr_lint.lint.loader import load_document, read_document

    linter = Linter(Config(root=path.parent))
    controllers = read_document(str(path.parent / "controllers.gdpr.yaml"))
    text = path.read_text()
    linter.lint_documents([controllers, load_document(text, str(path))])
    times = []
    for version in range(2, changes + 2):
        edited = text.replace("lawful_basis: consent", "lawful_basis: Consent", 1) \
            if version % 2 == 0 else text
        start = time.perf_counter()
        linter.lint_documents([controllers, load_document(edited, str(path))])
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def cli_ms(path: Path, repeat: int = 3) -> float:
    exe = shutil.which("gdpr-lint") or "gdpr-lint"
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([exe, "check", str(path.parent)], capture_output=True, check=False)
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=50)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--long-line", type=int, default=80_000,
                        help="characters of the long line hover, completion and code "
                             "actions are timed on (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gdpr-lint-server-bench-") as scratch:
        path = write_project(Path(scratch), args.activities)
        latencies = asyncio.run(server_latencies(path, args.changes))
        floor = in_process_ms(path, args.changes)
        command = cli_ms(path)
        long = asyncio.run(long_line_ms(path, args.long_line)) if args.long_line else {}
    median, worst = statistics.median(latencies), max(latencies)
    print(f"server: {args.activities} activities, {args.changes} changes")
    print(f"  diagnostics after a change: median {median:.0f} ms, worst {worst:.0f} ms "
          f"(target: 200 ms)")
    print(f"  in-process lint of the same edits: median {floor:.0f} ms "
          f"(median latency {median / floor:.2f}x)")
    print(f"  gdpr-lint check from the command line: {command:.0f} ms "
          f"(median latency {median / command:.2f}x)")
    for request, ms in long.items():
        print(f"  {request} on a {args.long_line:,}-character line: {ms:.0f} ms")


if __name__ == "__main__":
    main()
