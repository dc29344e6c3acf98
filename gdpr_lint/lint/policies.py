"""Organisation policies (SPEC §7): rules written as data, no Python.

A policy rule applies its `require` JSON Schema to every activity its `when` schema
accepts; the activity is seen as declared, with `controller` resolved to its mapping. Policy
rules become ordinary `Rule` objects, so selection, severity, suppressions, baselines and
every report format treat them exactly like built-in rules.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gdpr_lint.lint.config import Config, ConfigError, display_path
from gdpr_lint.lint.findings import Severity, shorten
from gdpr_lint.lint.loader import Document, read_document
from gdpr_lint.lint.model import Activity
from gdpr_lint.rules.registry import Hit, Rule, builtin_rules

POLICY_SCHEMA = "policy-v1.schema.json"


def policy_files(config: Config) -> list[str]:
    """The policy files named by config `policies` (paths or globs, relative to it)."""
    import glob

    from gdpr_lint.lint import git

    found: list[str] = []
    # The project: the git work tree holding the configuration (a pack shared by several
    # configurations of one repository), else the configuration's folder.
    root = git.find_worktree(config.root.resolve()) or config.root.resolve()
    for entry in config.policies:
        fixed = Path(os.path.normpath(config.root / _fixed_part(entry))).resolve()
        if os.path.isabs(entry) or not fixed.is_relative_to(root):
            raise ConfigError(f"{config.source}: policies entry '{entry}' reaches outside the "
                              f"project ({root}): name policy files inside it")
        pattern = str(config.root / entry)
        matches = sorted(glob.glob(pattern, recursive=True)) if glob.has_magic(entry) \
            else ([pattern] if os.path.exists(pattern) else [])
        if not matches:
            raise ConfigError(f"{config.source}: policies entry '{entry}' matches no file")
        for match in matches:
            if not Path(os.path.realpath(match)).is_relative_to(root):
                raise ConfigError(f"{config.source}: policies entry '{entry}' names "
                                  f"{match}, a link to a file outside the project ({root})")
        found.extend(m for m in matches if m not in found)
    return found


def _fixed_part(entry: str) -> str:
    """The folders of a glob before its first wildcard: where the search starts."""
    import glob

    parts = entry.replace("\\", "/").split("/")
    fixed = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return "/".join(fixed) or "."


@functools.cache
def _validator_class() -> Any:
    """Draft 2020-12 with the `uniqueItems` of the declaration schema, which hashes items
    rather than comparing every pair: a policy's `uniqueItems` on a long list of mappings
    stays linear."""
    import jsonschema

    from gdpr_lint.lint.schema import linear_unique_items

    return linear_unique_items(jsonschema.Draft202012Validator)


def _compile(schema: Any, where: str, field: str, registry: Any = None) -> Any:
    import jsonschema

    cls = _validator_class()
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        path = "/".join(str(p) for p in exc.path)
        raise ConfigError(f"{where}: `{field}` is not a valid JSON Schema: {exc.message}"
                          + (f" (at {field}/{path})" if path else "")) from None
    registry = registry if registry is not None else pack_registry([])
    _check_refs(schema, registry, where, field)
    _check_patterns(schema, where, field)
    return cls(schema, format_checker=cls.FORMAT_CHECKER, registry=registry)


# -- patterns: only those Python's backtracking engine runs in bounded time ------------------
MAX_SCHEMAS_PER_VALUE = 10_000  # schemas one value meets through allOf, anyOf, oneOf, $ref


def _check_patterns(schema: Any, where: str, field: str) -> None:
    """Every `pattern` and `patternProperties` key is a regular expression that cannot
    backtrack catastrophically: no backreference, no quantifier over a group that itself
    repeats or alternates (`(a+)+`, `(a|aa)*`), at most two unbounded repeats of `.` or a
    negated class (`.*.*.*x`). A team's
    declaration is the text they run on; one bad pattern must not hang every run."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        patterns = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        if isinstance(node.get("patternProperties"), dict):
            patterns += list(node["patternProperties"])
        for pattern in patterns:
            problem = regex_problem(pattern)
            if problem is not None:
                raise ConfigError(f"{where}: `{field}` has the pattern '{shorten(pattern, 80)}'"
                                  f", which {problem}: it could take hours on one long value; "
                                  "write it without that (a character class, a bounded {m,n})")
        stack.extend(value for key, value in node.items()
                     if key not in _DATA_KEYWORDS and isinstance(value, (dict, list)))


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` may backtrack catastrophically, or None when it cannot."""
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:  # the schema check already refused an invalid pattern
        return None
    unbounded = 0
    stack: list[tuple[Any, bool]] = [(parsed, False)]
    while stack:
        items, repeated = stack.pop()
        for op, av in items:
            name = str(op)
            if name in ("GROUPREF", "GROUPREF_EXISTS"):
                return "refers back to a group (a backreference)"
            if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                low, high, body = av
                if repeated and low != high:  # `(a+)+`, and `(a?a?)+` as much
                    return "repeats a part that itself repeats (a nested quantifier)"
                if high == sre_parse.MAXREPEAT and _wildcard(body):
                    unbounded += 1
                stack.append((body, repeated or high > 1))
            elif name == "BRANCH":
                if repeated:
                    return "repeats an alternation"
                stack.extend((branch, repeated) for branch in av[1])
            elif name in ("SUBPATTERN",):
                stack.append((av[-1], repeated))
            elif name in ("ASSERT", "ASSERT_NOT"):
                stack.append((av[1], repeated))
            elif name == "ATOMIC_GROUP":
                stack.append((av, repeated))
    if unbounded > 2:
        return f"has {unbounded} unbounded repeats of any character (at most 2)"
    return None


def _wildcard(body: Any) -> bool:
    """A repeated `.` or negated class: repeats of it can split a run in many ways."""
    return len(body) == 1 and (str(body[0][0]) in ("ANY", "NOT_LITERAL") or (
        str(body[0][0]) == "IN" and any(str(op) == "NEGATE" for op, _ in body[0][1])))


def _refuse_fan_out(starts: list[tuple[Any, Any]], where: str, field: str) -> None:
    """How many schemas one value meets, counting each path of allOf/anyOf/oneOf/$ref:
    a chain of $defs each applying the next twice doubles at every step."""
    count: dict[int, int] = {}
    for start, scope in starts:
        stack = [(start, scope, False)]
        while stack:
            node, node_scope, expanded = stack.pop()
            if id(node) in count:
                continue
            children = _same_instance(node, node_scope, where, field)
            if not expanded:
                stack.append((node, node_scope, True))
                stack.extend((child, child_scope, False) for child, child_scope in children
                             if id(child) not in count)
                continue
            count[id(node)] = min(1 + sum(count.get(id(c), 1) for c, _ in children),
                                  MAX_SCHEMAS_PER_VALUE + 1)
            if count[id(node)] > MAX_SCHEMAS_PER_VALUE:
                raise ConfigError(f"{where}: `{field}` applies more than "
                                  f"{MAX_SCHEMAS_PER_VALUE:,} schemas to one value through "
                                  "allOf, anyOf, oneOf and $ref (a chain that multiplies at "
                                  "each step): simplify it")


# -- $ref: resolved inside the policy file only --------------------------------------------
# Keywords whose values are data, not schemas: a "$ref" key in them is not a reference.
_DATA_KEYWORDS = frozenset(("const", "enum", "examples", "default"))
# Keywords that apply a subschema to the same instance: a cycle through them never ends.
_IN_PLACE = ("allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas")
_REFS = ("$ref", "$dynamicRef")


def pack_registry(schemas: list[Any]) -> Any:
    """A registry of the pack's own schemas (those with an `$id`), and nothing that is
    fetched: no retrieval function, so a reference to `http://...` or `file://...` is
    never requested or read. The JSON Schema meta-schemas come from memory."""
    from jsonschema_specifications import REGISTRY as SPECIFICATIONS  # type: ignore[import-untyped]
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    resources = [(s["$id"], DRAFT202012.create_resource(s)) for s in schemas
                 if isinstance(s, dict) and isinstance(s.get("$id"), str)]
    return SPECIFICATIONS.combine(Registry().with_resources(resources).crawl())


def _enter(schema: Any, resolver: Any) -> Any:
    from referencing.jsonschema import DRAFT202012

    if isinstance(schema, dict) and isinstance(schema.get("$id"), str):
        return resolver.in_subresource(DRAFT202012.create_resource(schema))
    return resolver


def _check_refs(schema: Any, registry: Any, where: str, field: str) -> None:
    """Every reference resolves inside the pack, and none leads back to itself without
    descending into the instance (which would recurse for ever at validation time)."""
    from referencing.jsonschema import DRAFT202012

    root = registry.resolver_with_root(DRAFT202012.create_resource(schema))
    found: list[tuple[Any, Any]] = []  # every subschema, with the resolver of its scope
    seen: set[int] = set()
    stack: list[tuple[Any, Any]] = [(schema, root)]
    while stack:
        node, scope = stack.pop()
        if isinstance(node, list):
            stack.extend((item, scope) for item in node)
            continue
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        scope = _enter(node, scope) if node is not schema else scope
        found.append((node, scope))
        stack.extend((value, scope) for key, value in node.items()
                     if key not in _DATA_KEYWORDS and isinstance(value, (dict, list)))
    for node, scope in found:
        _same_instance(node, scope, where, field)  # every reference resolves
    _refuse_cycles(found, where, field)
    _refuse_fan_out(found, where, field)


def _same_instance(node: Any, scope: Any, where: str, field: str) -> list[tuple[Any, Any]]:
    """The schemas ``node`` applies to the instance it is applied to, with their scopes."""
    from referencing.exceptions import Unresolvable

    if not isinstance(node, dict):
        return []
    out = []
    for keyword in _REFS:
        ref = node.get(keyword)
        if isinstance(ref, str):
            try:
                resolved = scope.lookup(ref)
            except Unresolvable:
                raise ConfigError(f"{where}: `{field}` has a $ref that does not resolve "
                                  f"inside the policy file: '{ref}' (references are never "
                                  "fetched from the network or read from disk)") from None
            out.append((resolved.contents, _enter(resolved.contents, resolved.resolver)))
    for keyword in _IN_PLACE:
        value = node.get(keyword)
        children = value if isinstance(value, list) else list(value.values()) \
            if keyword == "dependentSchemas" and isinstance(value, dict) else [value]
        out.extend((child, _enter(child, scope)) for child in children
                   if isinstance(child, dict))
    return out


def _refuse_cycles(starts: list[tuple[Any, Any]], where: str, field: str) -> None:
    """Depth-first search over same-instance edges; a back edge is endless recursion."""
    done: set[int] = set()
    for start, scope in starts:
        if id(start) in done:
            continue
        on_path = {id(start)}
        path = [(start, _same_instance(start, scope, where, field))]
        while path:
            current, pending = path[-1]
            if not pending:
                path.pop()
                on_path.discard(id(current))
                done.add(id(current))
                continue
            target, target_scope = pending.pop()
            if id(target) in on_path:
                raise ConfigError(f"{where}: `{field}` has a $ref that leads back to itself "
                                  "without descending into the activity (it would recurse "
                                  "for ever): remove the cycle")
            if id(target) not in done:
                on_path.add(id(target))
                path.append((target, _same_instance(target, target_scope, where, field)))


def _check(when: Any, require: Any, at: tuple[str, ...], message: str) -> Any:
    def check(a: Activity) -> Iterator[Hit]:
        instance = dict(a.data)
        if a.controller is not None:
            instance["controller"] = a.controller.data
        if when is not None and not when.is_valid(instance):
            return
        if not require.is_valid(instance):
            yield Hit(at, message)

    return check


def load_policy_file(path: str, taken: dict[str, str]) -> list[Rule]:
    """The rules of one policy file; anything wrong is a ConfigError naming file and rule."""
    from gdpr_lint.lint.schema import check_document

    shown = display_path(path)
    doc = read_document(path, shown)
    problems = doc.problems or [p.finding for p in check_document(doc, POLICY_SCHEMA)]
    if problems:
        first = problems[0]
        rule_id = _rule_at(doc, first.line)
        raise ConfigError(f"policy {first.location()}{rule_id}: {first.message}")
    rules = []
    registry = pack_registry([item.get(field) for item in doc.data["rules"]
                              for field in ("when", "require")])
    for index, item in enumerate(doc.data["rules"]):
        rule_id = item["id"]
        line = doc.position(("rules", index, "id"))[0]
        where = f"policy {shown}:{line}: rule {rule_id}"
        if rule_id in taken:
            raise ConfigError(f"{where}: ID already used by {taken[rule_id]}")
        taken[rule_id] = f"{shown}:{line}"
        when = _compile(item["when"], where, "when", registry) if "when" in item else None
        require = _compile(item["require"], where, "require", registry)
        at = tuple(item["at"].split(".")) if item.get("at") else ()
        rules.append(Rule(
            id=rule_id, title=item["title"], article=item.get("article", ""),
            severity=Severity(item["severity"]),
            rationale=item.get("description", item["message"]),
            bad_example=_yaml({"when": item.get("when", True)}),
            good_example=_yaml({"require": item["require"]}),
            scope="policy", check=_check(when, require, at, item["message"]),
            origin=shown, message=item["message"]))
    return rules


def _rule_at(doc: Document, line: int) -> str:
    """`: rule ACME001` for the rule whose entry holds the line, if any."""
    rules = doc.data.get("rules") if isinstance(doc.data, dict) else None
    if not isinstance(rules, list):
        return ""
    owner = ""
    for index, item in enumerate(rules):
        if doc.position(("rules", index))[0] <= line and isinstance(item, dict):
            owner = f": rule {item.get('id', f'#{index + 1}')}"
    return owner


def _yaml(value: Any) -> str:
    import yaml

    text: str = yaml.safe_dump(value, sort_keys=False, allow_unicode=True)
    return text


def load_policies(config: Config) -> dict[str, Rule]:
    """Policy rules by ID, from every policy file the configuration names."""
    if not config.policies:
        return {}
    taken = {rule_id: "a built-in rule" for rule_id in builtin_rules()}
    rules: dict[str, Rule] = {}
    for path in policy_files(config):
        for rule in load_policy_file(path, taken):
            rules[rule.id] = rule
    return rules


def all_rules(config: Config) -> dict[str, Rule]:
    """Built-in and policy rules, by ID."""
    return dict(sorted({**builtin_rules(), **load_policies(config)}.items()))
