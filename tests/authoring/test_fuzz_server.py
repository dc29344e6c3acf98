"""Property tests over the language server's input: random but well-framed JSON-RPC
messages (known and unknown methods, ids of every type, params of any shape) to one real
server process; after each batch a valid request must still be answered."""

from __future__ import annotations

import itertools
import json
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.authoring.test_server import _command
from tests.authoring.test_server_limits import _frame, _read_until

pytestmark = [pytest.mark.slow, pytest.mark.integration]

BUDGET = settings(max_examples=40, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow,
                                         HealthCheck.function_scoped_fixture])
METHODS = st.sampled_from([
    "textDocument/didOpen", "textDocument/didChange", "textDocument/didClose",
    "textDocument/didSave", "textDocument/hover", "textDocument/completion",
    "textDocument/codeAction", "workspace/didChangeWatchedFiles", "initialized",
    "$/cancelRequest", "$/setTrace", "no/such/method", ""])
URIS = st.sampled_from(["file:///dev/zero", "file:///etc/shadow", "file:///tmp/x.gdpr.yaml",
                        "untitled:1", "", "file://", "file:///%00", "http://example.invalid/"])
JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**63), st.floats(),
              st.text(max_size=40), URIS),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(
                                ["textDocument", "uri", "text", "position", "line",
                                 "character", "range", "start", "end", "contentChanges",
                                 "changes", "version", "context", "type", "x"]),
                                inner, max_size=5)),
    max_leaves=30)
MESSAGES = st.fixed_dictionaries(
    {"jsonrpc": st.sampled_from(["2.0", "2.0", "1.0"]), "method": METHODS},
    optional={"id": st.one_of(st.integers(-10, 10**12), st.text(max_size=8), st.none(),
                              st.booleans(), st.lists(st.integers(), max_size=2)),
              "params": JSON})
_ids = itertools.count(10**13)  # above any id the messages carry


@pytest.fixture(scope="module")
def server() -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    assert process.stdin is not None
    process.stdin.write(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                "params": {"capabilities": {}, "processId": None,
                                           "rootUri": None}}))
    process.stdin.write(_frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
    process.stdin.flush()
    _read_until(process, 1, 60)
    yield process
    process.kill()
    process.communicate()


@BUDGET
@given(st.lists(MESSAGES, min_size=1, max_size=6))
def test_random_messages_never_stop_the_server(server: subprocess.Popen[bytes],
                                               messages: list[dict[str, Any]]) -> None:
    assert server.stdin is not None
    for message in messages:
        server.stdin.write(_frame(message))
    ident = next(_ids)
    server.stdin.write(_frame({"jsonrpc": "2.0", "id": ident, "method": "textDocument/hover",
                               "params": {"textDocument": {"uri": "file:///dev/zero"},
                                          "position": {"line": 0, "character": 0}}}))
    server.stdin.flush()
    answer = _read_until(server, ident, 60)
    assert answer.get("result") is None and "error" not in answer, json.dumps(answer)[:300]
    assert server.poll() is None
