"""Suppression comments (SPEC §5): line, field, activity and file scope, each with a reason.

    name: x  # gdpr-lint: disable=L004 -- why       the findings on this line
    # gdpr-lint: disable=L004 -- why                above `- id:`: the whole activity;
                                                    above a field: that field's findings
    # gdpr-lint: disable-file=D004 -- why           anywhere: the whole file

Comments are read with plain string operations (no backtracking regular expression), so
the cost is linear in the length of the line whatever it holds. A comment that starts
`gdpr-lint:` but cannot be read, or names no known rule, is reported (X012) with what is
wrong, and suppresses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from gdpr_lint.lint.findings import Finding, Severity
from gdpr_lint.lint.loader import Document, JsonPath

_NAME = "gdpr-lint"
_KINDS = {"disable": "line", "disable-file": "file"}
_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_DASHES = {"\u2014": "an em dash '\u2014'", "\u2013": "an en dash '\u2013'",
           "\u2012": "a figure dash '\u2012'", "\u2212": "a minus sign '\u2212'"}


class Suppression:
    __slots__ = ("column", "first", "kind", "last", "line", "problem", "reason", "rules", "used")

    def __init__(self, line: int, column: int, kind: str, rules: tuple[str, ...], reason: str,
                 first: int = 0, last: int = 0, problem: str = "") -> None:
        self.line = line
        self.column = column
        self.kind = kind  # "line", "field", "activity" or "file"
        self.rules = rules
        self.reason = reason
        self.first = first  # lines covered, for field and activity scope
        self.last = last
        self.used: set[str] = set()
        self.problem = problem  # why the comment cannot be read (X012); then it suppresses nothing

    def covers(self, finding: Finding) -> str | None:
        """The rule ID of this suppression that covers the finding, if any."""
        rule = next((r for r in self.rules if finding.rule.startswith(r)), None)
        if rule is None:
            return None
        if self.kind == "file" or (self.kind == "line" and finding.line == self.line) or \
                (self.kind in ("activity", "field") and self.first <= finding.line <= self.last):
            return rule
        return None


def parse_directive(body: str) -> tuple[str, tuple[str, ...], str] | str:
    """What follows `gdpr-lint:`: (scope, rule IDs, reason), or what is wrong with it."""
    head, separator, reason = body.partition("--")
    reason = reason.strip()
    head = head.strip()
    word_end = 0
    while word_end < len(head) and (head[word_end].isalpha() or head[word_end] == "-"):
        word_end += 1
    word = head[:word_end].lower()
    if word not in _KINDS:
        if "=" not in head and not word.startswith(("disable", "enable")):
            return "not a directive: write `gdpr-lint: disable=IDS -- reason` or " \
                   "`gdpr-lint: disable-file=IDS -- reason`"
        return f"unknown directive '{word}': use disable=IDS or disable-file=IDS, then " \
               "' -- ' and the reason"
    rest = head[word_end:].lstrip()
    if not rest.startswith("="):
        return f"'{word}' must be followed by '=' and the rule IDs: write {word}=IDS"
    ids = rest[1:]
    for dash, name in _DASHES.items():
        if dash in ids:
            return f"the reason is separated by {name}: use two hyphens ' -- '"
    rules = []
    for token in ids.split(","):
        token = token.strip()
        if not token:
            return f"a rule ID is missing after '=' in '{word}={ids.strip()}'"
        if not all(c in _ID_CHARS for c in token):
            if "-" in token:
                return "the reason is separated by a single '-': use two hyphens ' -- '"
            if separator:
                return f"'{token}' is not a rule ID: separate IDs with commas"
            return f"'{token}' is not a rule ID: separate IDs with commas, and the reason " \
                   "with ' -- '"
        rules.append(token.upper())
    return _KINDS[word], tuple(rules), reason


def _directive(text: str) -> tuple[int, str | None] | None:
    """The column of the `#` and the text after `gdpr-lint:` when the line's comment is a
    directive; None for the text when the colon is missing (`# gdpr-lint disable=...`)."""
    start = text.find(_NAME)
    while start >= 0:
        hash_at = start - 1
        while hash_at >= 0 and text[hash_at] in " \t":
            hash_at -= 1
        if hash_at >= 0 and text[hash_at] == "#" and (hash_at == 0 or text[hash_at - 1]
                                                       in " \t"):
            after = start + len(_NAME)
            if text.startswith(":", after):
                return hash_at + 1, text[after + 1:]
            word = after
            while word < len(text) and text[word] in " \t":
                word += 1
            if word > after and text[word:word + 7].lower() == "disable":
                return hash_at + 1, None
        start = text.find(_NAME, start + 1)
    return None


def _inside_text(doc: Document, places: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The places (line, column of `#`) that lie inside a quoted or block scalar, where a
    `#` is text, not a comment (the loader notes where each one lies)."""
    import bisect

    ordered = sorted(places)
    inside: set[tuple[int, int]] = set()
    for start, end in doc.quoted_spans:
        first = bisect.bisect_right(ordered, start)
        last = bisect.bisect_left(ordered, end)
        inside.update(ordered[first:last])
    return inside


def read_suppressions(doc: Document) -> list[Suppression]:
    found = []
    lines = doc.text.splitlines()
    above: list[tuple[Suppression, int]] = []
    candidates = [(number, text) for number, text in enumerate(lines, start=1)
                  if _NAME in text]
    directives = [(number, text, directive) for number, text in candidates
                  if (directive := _directive(text)) is not None]
    skip = _inside_text(doc, [(n, d[0]) for n, _, d in directives]) \
        if directives and doc.data is not None else set()
    below = 0
    for number, text, directive in directives:
        column, body = directive
        if (number, column) in skip:
            continue
        parsed = parse_directive(body) if body is not None else \
            "write a colon after gdpr-lint: `# gdpr-lint: disable=IDS -- reason`"
        if isinstance(parsed, str):
            found.append(Suppression(number, column, "line", (), "", number, number,
                                     problem=parsed))
            continue
        kind, rules, reason = parsed
        suppression = Suppression(number, column, kind, rules, reason, number, number)
        found.append(suppression)
        if kind == "line" and text.lstrip().startswith("#"):
            # The first line below that is not a comment. Directives come in line order, so
            # the walk goes on from where the last one stopped: each line is read once.
            if below <= number:
                below = number + 1
                while below <= len(lines) and lines[below - 1].lstrip().startswith("#"):
                    below += 1
            above.append((suppression, below))
    if above:
        _scope_above(doc, above, len(lines))
    return found


def _scope_above(doc: Document, above: list[tuple[Suppression, int]], total: int) -> None:
    """A comment on its own line covers the activity or field that starts below it."""
    activities = _activity_spans(doc, total)
    targets = {target for _, target in above}
    nodes: dict[int, JsonPath] = {}  # line -> the outermost node starting there
    for table in (doc.key_positions, doc.positions):
        for path, (line, _) in table.items():
            if line in targets and path and (line not in nodes or len(path) < len(nodes[line])):
                nodes[line] = path
    last = {path: line for line, path in nodes.items()}
    lengths = {len(path) for path in last}
    for path, (line, _) in doc.positions.items():
        for length in lengths:
            prefix = path[:length]
            if len(path) >= length and prefix in last and line > last[prefix]:
                last[prefix] = line
    for suppression, target in above:
        if target in activities:
            suppression.kind = "activity"
            suppression.first, suppression.last = activities[target]
        elif target in nodes:
            suppression.kind = "field"
            suppression.first, suppression.last = target, last[nodes[target]]


def _activity_spans(doc: Document, total: int) -> dict[int, tuple[int, int]]:
    """Start line -> (first, last) line of each activity in the file."""
    starts = sorted(line for path, (line, _) in doc.positions.items()
                    if len(path) == 2 and path[0] in ("activities", "processor_activities"))
    return {start: (start, (starts[i + 1] - 1) if i + 1 < len(starts) else total)
            for i, start in enumerate(starts)}


def apply_suppressions(path: str, suppressions: list[Suppression], findings: list[Finding],
                       active: Callable[[str], bool],
                       article: Callable[[str], str],
                       known: Callable[[str], bool] | None = None) -> tuple[list[Finding], int]:
    """Drop suppressed findings; add X010, X011 and X012 for the comments that need it.

    ``active`` tells whether a rule runs at all in this run, so that a suppression of a rule
    left out by --select is not called unused; ``known`` whether a rule ID or prefix names
    any rule.
    """
    if not suppressions:
        return findings, 0
    for s in suppressions:
        unknown = [r for r in s.rules if known is not None and not known(r)]
        if unknown and not s.problem:
            s.problem = (f"unknown rule ID{'s' if len(unknown) > 1 else ''} "
                         f"{', '.join(repr(r) for r in unknown)} (see `gdpr-lint rules`)")
    kept: list[Finding] = []
    hidden = 0
    index = _Index([s for s in suppressions if s.reason and not s.problem],
                   (f.line for f in findings))
    for finding in findings:
        covered = index.covering(finding)
        if covered is None:
            kept.append(finding)
            continue
        suppression, rule = covered
        suppression.used.add(rule)
        hidden += 1
    kept.extend(_problems(path, suppressions, active, article))
    return kept, hidden


class _Index:
    """The suppression that covers a finding: the first in file order among those of the
    whole file, of the finding's line, and of the activities and fields whose lines hold it.

    Each group is indexed by the rule IDs and prefixes it names, and the spans open at each
    line a finding stands on are found in one sweep, so the cost stays linear in the number
    of comments and findings (times the nesting of the spans), never their product.
    """

    def __init__(self, valid: list[Suppression], lines: Iterable[int]) -> None:
        import heapq

        order = {id(s): n for n, s in enumerate(valid)}
        self.whole = _by_rule([s for s in valid if s.kind == "file"], order)
        by_line: dict[int, list[Suppression]] = {}
        by_span: dict[tuple[int, int], list[Suppression]] = {}
        for s in valid:
            if s.kind == "line":
                by_line.setdefault(s.line, []).append(s)
            elif s.kind in ("activity", "field"):
                by_span.setdefault((s.first, s.last), []).append(s)
        self.lines = {line: _by_rule(group, order) for line, group in by_line.items()}
        spans = {span: _by_rule(group, order) for span, group in by_span.items()}
        starts = sorted(spans)
        begun: list[tuple[int, int]] = []  # a heap of (last, first) of the spans begun
        self.open: dict[int, list[dict[str, tuple[int, Suppression]]]] = {}
        taken = 0
        for line in sorted(set(lines)):
            while taken < len(starts) and starts[taken][0] <= line:
                first, last = starts[taken]
                heapq.heappush(begun, (last, first))
                taken += 1
            while begun and begun[0][0] < line:
                heapq.heappop(begun)
            self.open[line] = [spans[(first, last)] for last, first in begun]

    def covering(self, finding: Finding) -> tuple[Suppression, str] | None:
        """The suppression used for ``finding`` and its rule ID that covers it, if any."""
        groups = [self.whole, self.lines.get(finding.line, {}),
                  *self.open.get(finding.line, ())]
        best: tuple[int, Suppression] | None = None
        for end in range(1, len(finding.rule) + 1):
            prefix = finding.rule[:end]
            for group in groups:
                found = group.get(prefix)
                if found is not None and (best is None or found[0] < best[0]):
                    best = found
        if best is None:
            return None
        rule = best[1].covers(finding)
        return (best[1], rule) if rule is not None else None


def _by_rule(group: list[Suppression], order: dict[int, int]
             ) -> dict[str, tuple[int, Suppression]]:
    """Rule ID or prefix -> the first suppression (in file order) of ``group`` naming it."""
    first: dict[str, tuple[int, Suppression]] = {}
    for s in group:
        for rule in s.rules:
            first.setdefault(rule, (order[id(s)], s))
    return first


def _problems(path: str, suppressions: Iterable[Suppression], active: Callable[[str], bool],
              article: Callable[[str], str]) -> Iterable[Finding]:
    for s in suppressions:
        if s.problem:
            yield Finding(path, s.line, s.column, "X012", Severity.WARNING,
                          f"suppression comment cannot be read, so it suppresses nothing: "
                          f"{s.problem}", None, article("X012"))
            continue
        if not s.reason:
            yield Finding(path, s.line, s.column, "X010", Severity.ERROR,
                          f"suppression of {', '.join(s.rules)} has no reason and suppresses "
                          "nothing: add ' -- why the rule does not apply'", None,
                          article("X010"))
            continue
        unused = [r for r in s.rules if r not in s.used and active(r)]
        if unused:
            yield Finding(path, s.line, s.column, "X011", Severity.WARNING,
                          f"suppression of {', '.join(unused)} matched no finding: remove it",
                          None, article("X011"))
