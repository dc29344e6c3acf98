"""dbt: the project's `target/manifest.json`, as `dbt parse` or any dbt command writes it.

The manifest (https://docs.getdbt.com/reference/artifacts/manifest-json; its schema
https://schemas.getdbt.com/dbt/manifest/v12.json) holds every resource in `nodes` (models,
seeds, snapshots) and `sources`, each with `meta` and `tags` (and the same under `config`,
https://docs.getdbt.com/reference/resource-configs/meta) and its `columns`, each with its own
`meta` and `tags`. Teams label personal data there: `meta: {contains_pii: true}`,
`meta: {pii: true, data_category: user.contact.email}`, `tags: [pii]`, BigQuery
`policy_tags`. A column's labels say what it holds; a model labelled personal whose columns
carry no labels of their own is read through its columns' names (a guess).

The system the manifest describes defaults to the project's name (`metadata.project_name`).
"""

from __future__ import annotations

from typing import Any

from gdpr_lint.evidence import EvidenceFile, Lines
from gdpr_lint.evidence.labels import guess_key, meta_labels, observe

_RESOURCES = ("model", "seed", "snapshot", "source")


def default_system(data: Any) -> str | None:
    metadata = data.get("metadata") if isinstance(data, dict) else None
    name = metadata.get("project_name") if isinstance(metadata, dict) else None
    return name if isinstance(name, str) and name else None


def _labels(node: dict[str, Any]) -> list[Any]:
    config = node.get("config")
    config = config if isinstance(config, dict) else {}
    meta, own_meta = node.get("meta"), config.get("meta")
    tags, own_tags, policy = node.get("tags"), config.get("tags"), node.get("policy_tags")
    if not (meta or own_meta or tags or own_tags or policy):
        return []  # most columns of a large project: nothing to read
    labels = meta_labels(meta) + meta_labels(own_meta)
    for listed in (tags, own_tags, policy):
        if isinstance(listed, list):
            labels.extend(t for t in listed if isinstance(t, str))
    return labels


def read(data: Any, ev: EvidenceFile, line: Lines) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), dict):
        ev.refuse("not a dbt manifest: no `nodes` mapping (point `path` at "
                  "target/manifest.json)")
        return
    resources = list(data["nodes"].values())
    if isinstance(data.get("sources"), dict):
        resources.extend(data["sources"].values())
    for node in resources:
        if not isinstance(node, dict) or node.get("resource_type") not in _RESOURCES:
            continue
        kind, name = node["resource_type"], str(node.get("name", "?"))
        where = f"{kind} {name}"
        found = observe(name, _labels(node), where)
        columns = node.get("columns")
        columns = columns if isinstance(columns, dict) else {}
        labelled = False
        for column in columns.values():
            if not isinstance(column, dict):
                continue
            labels = _labels(column)
            if not labels:
                continue
            column_name = str(column.get("name", "?"))
            seen = observe(column_name, labels, f"{where}, column {column_name}")
            labelled = labelled or bool(seen)
            ev.seen.extend(seen)
        if not found or labelled:
            continue
        # The model is personal data and no column says which: its columns' names may.
        guesses = [(c, guess_key(c)) for c in map(str, columns)]
        named = [(c, key) for c, key in guesses if key is not None]
        if named:
            ev.seen.extend(s._replace(key=key, name=c, where=f"{where}, column {c}",
                                      explicit=False)
                           for c, key in named for s in found[:1])
        else:
            ev.seen.extend(found)
