"""`gdpr-lint stamp`: record in each legitimate interest assessment what it weighed (L005)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gdpr_lint.commands import err, out


@dataclass
class StampOptions:
    paths: Sequence[str] = ()
    dry_run: bool = False  # --check: change nothing, exit 1 if anything would be stamped


def main(options: StampOptions) -> int:
    """Stamp the files `check` would lint for the paths; 1 on a refusal (or, with --check,
    on anything to stamp)."""
    from gdpr_lint.authoring.stamp import StampError, stamp_file
    from gdpr_lint.lint.discover import discover
    from gdpr_lint.lint.links import outside_link
    from gdpr_lint.lint.project import open_project

    paths = list(options.paths or (".",))
    project = open_project(paths, None)
    failed = changed = 0
    for path in discover(paths, project.config, project):
        if (leaves := outside_link(path, project.config.boundary)) is not None:
            err(f"{path}:1:1: {leaves}; nothing stamped")  # another repository's file
            failed += 1
            continue
        try:
            result = stamp_file(path, write=not options.dry_run)
        except StampError as exc:
            err(f"{exc}")
            failed += 1
            continue
        except OSError as exc:  # the write: a full disk, a read-only folder
            err(f"{path}: {exc}; nothing stamped")
            failed += 1
            continue
        except Exception as exc:  # a bug must not cost the other files their stamp
            err(f"{path}: internal error: {type(exc).__name__}: {exc}; nothing stamped. "
                "Please report it with the file.")
            failed += 1
            continue
        for message in result.refused:
            err(message)
        failed += len(result.refused)
        if result.stamped:
            changed += len(result.stamped)
            verb = "would stamp" if options.dry_run else "stamped"
            out(f"{path}: {verb} {', '.join(result.stamped)}\n")
    if not changed and not failed:
        out("All assessments are stamped and up to date.\n")
    return 1 if failed or (options.dry_run and changed) else 0
