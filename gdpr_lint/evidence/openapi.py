"""OpenAPI: an API description, OpenAPI 3.0 or 3.1 (YAML or JSON).

The document (https://spec.openapis.org/oas/v3.1.0) declares its `servers` and, under
`components.schemas` and in each operation's parameters, request bodies and responses, the
Schema Objects of what the API carries. Specification extensions (`x-...`, OAS 3.1 section
4.9) label personal data: `x-pii` (true, or a category), `x-data-classification`,
`x-sensitive-data`, and SAP's data-privacy annotations `x-sap-dpp-is-potentially-personal`
and `x-sap-dpp-is-potentially-sensitive` (SAP API guidelines; special categories in GDPR
terms). A schema's labels apply to its properties that carry none of their own.

`$ref` is followed only inside the document (`#/components/...`), each target once, so a
reference cycle or a schema referenced a thousand times costs one walk; a `$ref` to another
file or a URL is never fetched. A server whose host is not the controller's own is a third
party the API talks to (E003); relative and local servers are not.

The system defaults to the API's `info.title`.
"""

from __future__ import annotations

from typing import Any

from gdpr_lint.evidence import EvidenceFile, Lines, ThirdParty
from gdpr_lint.evidence.labels import observe

_LABELS = ("x-pii", "x-data-classification", "x-sensitive-data", "x-personal-data",
           "x-sap-dpp-is-potentially-personal")
_SENSITIVE = "x-sap-dpp-is-potentially-sensitive"
_NESTED = ("allOf", "oneOf", "anyOf")
JsonPath = tuple[str | int, ...]


def default_system(data: Any) -> str | None:
    info = data.get("info") if isinstance(data, dict) else None
    title = info.get("title") if isinstance(info, dict) else None
    return title.strip() if isinstance(title, str) and title.strip() else None


def _labels(schema: dict[str, Any]) -> list[Any]:
    labels: list[Any] = []
    for key in _LABELS:
        value = schema.get(key)
        if isinstance(value, list):
            labels.extend(v for v in value if isinstance(v, (str, bool)))
        elif isinstance(value, (str, bool)):
            labels.append(value)
    if schema.get(_SENSITIVE) is True:
        labels.append("special category")
    return labels


def _pointer(path: JsonPath) -> str:
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _resolve(data: dict[str, Any], ref: str) -> tuple[JsonPath, Any] | None:
    """A local reference's target, or None (another file, a URL, a broken pointer)."""
    if not ref.startswith("#/"):
        return None
    node: Any = data
    path: list[str | int] = []
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
            path.append(int(part))
        else:
            return None
    return tuple(path), node


def _operations(data: dict[str, Any]) -> list[tuple[JsonPath, dict[str, Any]]]:
    paths = data.get("paths")
    return [(("paths", route, method), operation)
            for route, item in (paths.items() if isinstance(paths, dict) else ())
            for method, operation in (item.items() if isinstance(item, dict) else ())
            if isinstance(operation, dict)]


def _roots(data: dict[str, Any]) -> list[tuple[JsonPath, Any]]:
    """Every schema the document declares or carries in a body."""
    roots: list[tuple[JsonPath, Any]] = []
    components = data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if isinstance(schemas, dict):
        roots += [(("components", "schemas", k), v) for k, v in schemas.items()]
    for base, operation in _operations(data):
        bodies = [((*base, "requestBody"), operation.get("requestBody"))]
        responses = operation.get("responses")
        if isinstance(responses, dict):
            bodies += [((*base, "responses", code), r) for code, r in responses.items()]
        for where, body in bodies:
            content = body.get("content") if isinstance(body, dict) else None
            for media, entry in (content.items() if isinstance(content, dict) else ()):
                if isinstance(entry, dict) and isinstance(entry.get("schema"), dict):
                    roots.append(((*where, "content", media, "schema"), entry["schema"]))
    return roots


def _parameters(data: dict[str, Any], ev: EvidenceFile, line: Lines) -> None:
    for base, operation in _operations(data):
        for index, parameter in enumerate(operation.get("parameters") or []):
            if not isinstance(parameter, dict) or not isinstance(parameter.get("name"), str):
                continue
            schema = parameter.get("schema")
            labels = _labels(parameter) + (_labels(schema) if isinstance(schema, dict) else [])
            path = (*base, "parameters", index)
            ev.seen.extend(observe(parameter["name"], labels, _pointer(path), line(path)))


def read(data: Any, ev: EvidenceFile, line: Lines) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("openapi"), str):
        ev.refuse("not an OpenAPI 3 document: no `openapi` version field")
        return
    servers = data.get("servers")
    for index, server in enumerate(servers if isinstance(servers, list) else []):
        url = server.get("url") if isinstance(server, dict) else None
        if isinstance(url, str) and "://" in url:
            ev.parties.append(ThirdParty(url, f"servers[{index}]", line(("servers", index))))
    _parameters(data, ev, line)
    visited: set[JsonPath] = set()
    # (path, schema, labels inherited from the enclosing schema)
    stack: list[tuple[JsonPath, Any, list[Any]]] = [(p, s, []) for p, s in _roots(data)][::-1]
    while stack:
        path, schema, inherited = stack.pop()
        if not isinstance(schema, dict):
            continue
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = _resolve(data, ref)
            if target is not None and target[0] not in visited:
                stack.append((target[0], target[1], inherited))
            continue
        if path in visited:
            continue
        visited.add(path)
        own = _labels(schema)
        properties = schema.get("properties")
        is_field = len(path) > 1 and path[-2] == "properties"
        if own and (is_field or not isinstance(properties, dict)):
            ev.seen.extend(observe(str(path[-1]), own, _pointer(path), line(path)))
        elif is_field and inherited:
            # Labelled only through the schema around it: its name must say what it is.
            ev.seen.extend(s for s in observe(str(path[-1]), inherited, _pointer(path),
                                              line(path)) if s.key is not None)
        passed = own or inherited
        if isinstance(properties, dict):
            stack.extend(((*path, "properties", k), v, passed)
                         for k, v in reversed(list(properties.items())))
        for key in _NESTED:
            if isinstance(schema.get(key), list):
                stack.extend(((*path, key, i), v, passed)
                             for i, v in reversed(list(enumerate(schema[key]))))
        for key in ("items", "additionalProperties"):
            if isinstance(schema.get(key), dict):
                stack.append(((*path, key), schema[key], passed))
