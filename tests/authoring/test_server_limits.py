"""`gdpr-lint server` under hostile requests, over stdio with a real client (pytest-lsp) or
raw bytes on its stdin: what it reads, how much work a request costs, what it remembers,
and that no message, however framed, stops it."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.authoring import test_server
from tests.authoring.test_server import ACTIVITY, _command, codes, diagnostics_for, open_file
from tests.conftest import write

client, project = test_server.client, test_server.project  # the same fixtures

pytestmark = [pytest.mark.slow, pytest.mark.integration]

LONG = " " * 80_000


def _peak_memory(lsp_client: LanguageClient) -> int:
    """The server process's peak resident memory, in bytes (Linux)."""
    pid = lsp_client._server.pid  # type: ignore[union-attr]
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")  # pragma: no cover


def _position(uri: str, line: int, character: int) -> types.TextDocumentPositionParams:
    return types.TextDocumentPositionParams(types.TextDocumentIdentifier(uri),
                                            types.Position(line, character))


@pytest.mark.asyncio
async def test_requests_on_unopened_uris_read_nothing(client: LanguageClient,
                                                      project: Path) -> None:
    """`/dev/zero`, a FIFO, a secret file and a project file the client did not open: every
    request answers empty at once, and the server goes on serving."""
    fifo = project / "pipe.gdpr.yaml"
    os.mkfifo(fifo)
    secret = write(project, "secret.gdpr.yaml", "token: hunter2 # gdpr-lint: disable=X001\n")
    for uri in ("file:///dev/zero", fifo.as_uri(), "file:///etc/shadow", secret.as_uri(),
                (project / "marketing/newsletter.gdpr.yaml").as_uri()):
        completion = await asyncio.wait_for(client.text_document_completion_async(
            types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(0, 7))),
            10)
        assert completion is not None and not completion.items
        hover = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(uri), types.Position(0, 1))), 10)
        assert hover is None
        actions = await asyncio.wait_for(client.text_document_code_action_async(
            types.CodeActionParams(types.TextDocumentIdentifier(uri),
                                   types.Range(types.Position(0, 0), types.Position(9, 0)),
                                   types.CodeActionContext([]))), 10)
        assert not actions
        client.text_document_did_save(types.DidSaveTextDocumentParams(
            types.TextDocumentIdentifier(uri)))
    assert _peak_memory(client) < 400 * 1024 * 1024
    path = project / "marketing/newsletter.gdpr.yaml"
    uri = open_file(client, path)
    await diagnostics_for(client, path)
    hover = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(7, 6)))  # lawful_basis
    assert hover is not None and "lawful_basis" in str(hover.contents)
    for unopened in (fifo, secret):  # never published: the server did not lint them for a URI
        assert unopened.as_uri() not in client.diagnostics or \
            "hunter2" not in json.dumps([d.message for d in client.diagnostics[unopened.as_uri()]])


@pytest.mark.asyncio
async def test_editor_text_over_the_size_limit_is_a_finding(client: LanguageClient,
                                                            project: Path) -> None:
    """A 20 MB value typed in the editor: the file's size limit applies (X006), in bounded
    memory (the whole text was once loaded: 2.6 GB)."""
    path = project / "marketing/newsletter.gdpr.yaml"
    open_file(client, path, ACTIVITY.replace("Monthly newsletter", "x" * 20_000_000))
    found = await diagnostics_for(client, path, lambda d: bool(d))
    assert codes(found) == ["X006"]
    assert "over the 2,097,152-byte limit" in found[0].message
    assert _peak_memory(client) < 600 * 1024 * 1024


@pytest.mark.asyncio
async def test_long_lines_are_answered_in_linear_time(client: LanguageClient,
                                                      project: Path) -> None:
    """80,000 spaces in a list item and in a suppression comment: hover, completion and code
    actions on those lines each answer within seconds (they took 15 to 23 s each)."""
    path = project / "marketing/newsletter.gdpr.yaml"
    text = ACTIVITY.replace(
        "    purposes: [Send the monthly newsletter]\n",
        f"    purposes:\n      - Send the monthly{LONG}newsletter\n").replace(
        "lawful_basis: consent", f"lawful_basis: Consent  # gdpr-lint: disable=D004{LONG}x")
    uri = open_file(client, path, text)
    found = await diagnostics_for(client, path, lambda d: "B002" in codes(d))
    lines = text.splitlines()
    item = next(i for i, line in enumerate(lines) if "Send the monthly" in line)
    basis = next(i for i, line in enumerate(lines) if "lawful_basis" in line)
    started = time.perf_counter()
    for row in (item, basis):
        await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(uri), types.Position(row, len(lines[row]) - 1))), 10)
        await asyncio.wait_for(client.text_document_completion_async(types.CompletionParams(
            types.TextDocumentIdentifier(uri), types.Position(row, len(lines[row])))), 10)
    actions = await asyncio.wait_for(client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(uri),
                               types.Range(types.Position(basis, 0),
                                           types.Position(basis, 0)),
                               types.CodeActionContext(list(found)))), 10)
    elapsed = time.perf_counter() - started
    assert elapsed < 5, f"{elapsed:.1f}s"
    suppress = [a for a in actions or [] if isinstance(a, types.CodeAction)
                and a.title.startswith("Suppress B002")]
    assert suppress, actions
    [edit] = suppress[0].edit.changes[uri]  # type: ignore[union-attr,index]
    assert edit.new_text == ",B002"  # added to the comment already there


@pytest.mark.asyncio
async def test_closed_unsaved_documents_are_forgotten(client: LanguageClient,
                                                      project: Path) -> None:
    """A new buffer never saved repeats an activity id: X004 on the saved file while it is
    open, gone with it once it is closed."""
    saved = project / "marketing/newsletter.gdpr.yaml"
    unsaved = project / "marketing/copy.gdpr.yaml"
    open_file(client, saved)
    open_file(client, unsaved, ACTIVITY)
    await diagnostics_for(client, saved, lambda d: "X004" in codes(d))
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        types.TextDocumentIdentifier(unsaved.as_uri())))
    assert await diagnostics_for(client, saved, lambda d: "X004" not in codes(d)) == []
    assert await diagnostics_for(client, unsaved, lambda d: not d) == []
    hover = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(unsaved.as_uri()), types.Position(7, 6)))
    assert hover is None


@pytest_lsp.fixture(config=ClientServerConfig(server_command=_command()))
async def bare(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A server the test initializes itself (its own workspace root)."""
    yield
    await lsp_client.shutdown_session()


async def _initialize(lsp_client: LanguageClient, root: str) -> None:
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=root,
        workspace_folders=[types.WorkspaceFolder(root, "root")]))


@pytest.mark.asyncio
async def test_a_huge_workspace_is_walked_within_bounds(bare: LanguageClient,
                                                        tmp_path: Path) -> None:
    """No configuration, no git: the workspace root is searched, but not past 5,000 folders,
    and the editor is told the project was cut there."""
    for n in range(6000):
        (tmp_path / "deep" / f"d{n // 100}" / f"e{n}").mkdir(parents=True)
    path = write(tmp_path, "zz/newsletter.gdpr.yaml", ACTIVITY)
    await _initialize(bare, tmp_path.as_uri())
    started = time.perf_counter()
    open_file(bare, path)
    assert "X005" in codes(await diagnostics_for(bare, path, lambda d: bool(d)))
    assert time.perf_counter() - started < 60
    assert any("more than 5,000 folders" in m.message for m in bare.messages)


@pytest.mark.asyncio
async def test_a_workspace_root_at_slash_is_not_walked_unbounded(
        bare: LanguageClient, tmp_path: Path) -> None:
    """The walk from / stops at its bound; ids no other file on the machine declares keep the
    expected finding independent of what else the disk holds."""
    unique = f"t{uuid.uuid4().hex}"
    text = ACTIVITY.replace("acme", f"{unique}-controller").replace("newsletter\n",
                                                                     f"{unique}\n")
    path = write(tmp_path, "newsletter.gdpr.yaml", text)
    await _initialize(bare, "file:///")
    open_file(bare, path)
    assert "X005" in codes(await diagnostics_for(bare, path, lambda d: bool(d)))


def _frame(message: object) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


HOSTILE_FRAMES = [
    b"Content-Length: 99999999999\r\n\r\n{}\r\n",  # absurd length
    b"Content-Length: " + b"9" * 5000 + b"\r\n\r\n",  # a length no int() takes
    b"x" * 100_000 + b"\r\n",  # a header line with no end in sight
    b"Content-Length: 5\r\n\r\n{oops",  # not JSON
    b"Content-Length: 2\r\n\r\n[]",  # JSON, not a message
    b"Content-Length: 1\r\n\r\n5",
    b"\r\n\r\n",  # a frame with no length
    b"Content-Length: 20\r\n\r\n" + b"[" * 20,  # truncated nesting
    b"Content-Length: 200002\r\n\r\n" + b"[" * 100_000 + b"]" * 100_002,  # deep nesting
]


def _read_until(process: subprocess.Popen[bytes], ident: int, timeout: float) -> dict[str, object]:
    """The response with ``ident`` from the server's stdout, skipping notifications."""
    import selectors

    buffer = b""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        assert process.stdout is not None
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(deadline - time.monotonic()):
                continue
            chunk = os.read(process.stdout.fileno(), 65536)
            assert chunk, "the server closed its output"
            buffer += chunk
            while b"\r\n\r\n" in buffer:
                head, rest = buffer.split(b"\r\n\r\n", 1)
                length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
                if len(rest) < length:
                    break
                message = json.loads(rest[:length])
                buffer = rest[length:]
                if message.get("id") == ident:
                    return message  # type: ignore[no-any-return]
    raise AssertionError(f"no answer to request {ident} within {timeout}s")


def test_malformed_framing_is_survived() -> None:
    """Raw bytes on the server's stdin, then valid requests: each is answered; a request
    whose params are not what its method takes gets an error, not silence."""
    process = subprocess.Popen(_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdin is not None
    try:
        for frame in HOSTILE_FRAMES:
            process.stdin.write(frame)
        process.stdin.write(_frame({"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover",
                                    "params": 5}))
        process.stdin.write(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                    "params": {"capabilities": {}, "processId": None,
                                               "rootUri": None}}))
        process.stdin.flush()
        assert _read_until(process, 7, 60)["error"]["code"] == -32602  # type: ignore[index]
        assert "capabilities" in _read_until(process, 1, 60)["result"]  # type: ignore[operator]
        process.stdin.write(_frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        process.stdin.write(_frame({"jsonrpc": "2.0", "method": "exit"}))
        process.stdin.flush()
        assert "result" in _read_until(process, 2, 30)
        assert process.wait(30) == 0
    finally:
        process.kill()
        _, stderr = process.communicate()  # and closes the pipes
    errors = stderr.decode()
    assert "was refused (the limit is" in errors and "header line over" in errors
