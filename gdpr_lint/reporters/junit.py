"""JUnit XML: a test case per activity and rule checked; failures carry the findings."""

from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from gdpr_lint.lint.findings import Finding, Severity
from gdpr_lint.reporters import Report
from gdpr_lint.reporters._safe import visible


def render(report: Report) -> str:
    result = report.result
    by_case: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
    # XML 1.0 cannot hold most control characters, even escaped: every value from a
    # declaration (file names, ids, messages) is made visible first.
    for f in result.findings:
        f = _visible(f)
        by_case[(f.path, f.activity or "(file)", f.rule)].append(f)
    cases: dict[str, dict[tuple[str, str], list[Finding]]] = defaultdict(dict)
    for path, activities in result.activities.items():
        for activity in activities:
            for rule_id in result.rules_checked:
                cases[visible(path)][(visible(activity), rule_id)] = []
    for (path, activity, rule_id), findings in by_case.items():
        cases[path][(activity, rule_id)] = findings
    suites = ET.Element("testsuites", name="gdpr-lint")
    total = failed = 0
    for path in sorted(cases):
        suite = ET.SubElement(suites, "testsuite", name=path)
        suite_failures = 0
        for (activity, rule_id), findings in sorted(cases[path].items()):
            case = ET.SubElement(suite, "testcase", name=f"{activity} {rule_id}",
                                 classname=path.replace("/", ".").replace("\\", "."),
                                 file=path)
            text = "\n".join(f"{f.location()}: {f.rule} [{f.severity}] {f.message} "
                             f"({f.article})" for f in findings)
            if any(f.severity is not Severity.INFO for f in findings):
                suite_failures += 1
                failure = ET.SubElement(case, "failure", type=rule_id,
                                        message="; ".join(f.message for f in findings))
                failure.text = text
            elif findings:
                ET.SubElement(case, "system-out").text = text
        suite.set("tests", str(len(cases[path])))
        suite.set("failures", str(suite_failures))
        suite.set("errors", "0")
        total += len(cases[path])
        failed += suite_failures
    suites.set("tests", str(total))
    suites.set("failures", str(failed))
    suites.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def _visible(f: Finding) -> Finding:
    return f._replace(path=visible(f.path), rule=visible(f.rule), message=visible(f.message),
                      activity=visible(f.activity) if f.activity is not None else None,
                      article=visible(f.article))
