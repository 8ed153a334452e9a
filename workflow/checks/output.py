"""Renderers for check findings: text, JSON, JUnit XML, SARIF 2.1.0 and GitHub workflow annotations.

Each takes the findings, the articles checked and a function giving the rules
that ran, and returns the whole output as one string; RENDERERS maps `--format`
names to them. The rules come through a function because only JUnit and SARIF
list them, and loading the rule modules is most of the cost of a warm check.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from workflow import __version__
from workflow.problems import Problem

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from workflow.checks.registry import Rule

    RulesThatRan = Callable[[], Sequence[Rule]]


def render_text(findings: Sequence[Problem], articles: Sequence[str], rules: RulesThatRan) -> str:
    """One line per finding (`file:line: severity CODE name unit: message`) and a summary line."""
    lines = []
    for f in findings:
        level = "waived" if f.waived else f.severity
        unit = f" {f.unit}" if f.unit else ""
        lines.append(f"{f.where}: {level} {f.rule} {f.name}{unit}: {f.message}")
    errors = sum(1 for f in findings if f.severity == "error" and not f.waived)
    warnings = sum(1 for f in findings if f.severity == "warning" and not f.waived)
    waived = sum(1 for f in findings if f.waived)
    lines.append(f"{len(articles)} article(s) checked: {errors} error(s), {warnings} warning(s), {waived} waived")
    return "\n".join(lines)


def render_json(findings: Sequence[Problem], articles: Sequence[str], rules: RulesThatRan) -> str:
    """`{"findings": [{"rule", "severity", "article", "unit", "file", "line", "message", …}]}` (DESIGN.md).

    One finding a line: as easy to read as indented JSON, and written by the
    json module's C encoder, which `indent=` swaps for its pure-Python one (on
    a large archive's findings that took a sixth of a warm check's time).
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    lines = ",\n".join("    " + encode(f.to_json()) for f in findings)
    return '{\n  "findings": [\n' + lines + "\n  ]\n}" if findings else '{\n  "findings": []\n}'


def render_junit(findings: Sequence[Problem], articles: Sequence[str], rules: RulesThatRan) -> str:
    """JUnit XML: a suite per article, a test case per rule; errors fail it, warnings and waivers go to system-out."""
    from xml.etree import ElementTree as ET  # noqa: PLC0415

    ran = rules()
    root = ET.Element("testsuites", name="byline check")
    by_key: dict[tuple[str, str], list[Problem]] = {}
    for f in findings:
        by_key.setdefault((f.article, f.rule), []).append(f)
    for article in articles:
        failed = sum(1 for r in ran if any(f.blocking for f in by_key.get((article, r.code), [])))
        suite = ET.SubElement(root, "testsuite", name=article, tests=str(len(ran)), failures=str(failed),
                              errors="0", skipped="0")
        for r in ran:
            case = ET.SubElement(suite, "testcase", name=f"{r.code} {r.name}", classname=f"byline.{article}")
            notes = []
            for f in by_key.get((article, r.code), []):
                text = f"{f.where}: {f.unit + ': ' if f.unit else ''}{f.message}"
                if f.blocking:
                    failure = ET.SubElement(case, "failure", type=r.code, message=f.message)
                    failure.text = text
                else:
                    notes.append(f"{'waived' if f.waived else f.severity}: {text}")
            if notes:
                ET.SubElement(case, "system-out").text = "\n".join(notes)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def render_sarif(findings: Sequence[Problem], articles: Sequence[str], rules: RulesThatRan) -> str:
    """SARIF 2.1.0: one run, the rules as the driver's rules, waived findings as external suppressions."""
    ran = rules()
    index = {r.code: i for i, r in enumerate(ran)}
    results = []
    for f in findings:
        location: dict[str, object] = {"artifactLocation": {"uri": f.file, "uriBaseId": "WORKSPACE"}}
        if f.line:
            location["region"] = {"startLine": f.line}
        result: dict[str, object] = {
            "ruleId": f.rule, "level": f.severity, "message": {"text": f.message},
            "locations": [{"physicalLocation": location}],
            "properties": {"article": f.article, "unit": f.unit},
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        if f.waived:
            result["suppressions"] = [{"kind": "external", "status": "accepted",
                                       "justification": "waived by a recorded `byline waive` event"}]
        results.append(result)
    driver = {
        "name": "byline", "version": __version__,
        "rules": [{"id": r.code, "name": r.name, "shortDescription": {"text": r.summary},
                   "defaultConfiguration": {"level": r.severity},
                   "properties": {"family": r.family, "docs": f"docs/checks.md#{r.code.lower()}-{r.name}"}}
                  for r in ran],
    }
    log = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": driver}, "results": results,
                     "originalUriBaseIds": {"WORKSPACE": {"uri": "./"}}}]}
    return json.dumps(log, ensure_ascii=False, indent=2)


def _escape(value: str, *, prop: bool = False) -> str:
    """GitHub workflow-command escaping (properties also escape ':' and ',')."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def render_github(findings: Sequence[Problem], articles: Sequence[str], rules: RulesThatRan) -> str:
    """`::error file=…,line=…,title=…::message` annotations; waived findings are notices."""
    lines = []
    for f in findings:
        level = "notice" if f.waived else f.severity
        props = [f"file={_escape(f.file, prop=True)}"]
        if f.line:
            props.append(f"line={f.line}")
        title = f"{f.rule} {f.name}" + (f" {f.unit}" if f.unit else "") + (" (waived)" if f.waived else "")
        props.append(f"title={_escape(title, prop=True)}")
        lines.append(f"::{level} {','.join(props)}::{_escape(f.message)}")
    return "\n".join(lines)


RENDERERS: dict[str, Callable[[Sequence[Problem], Sequence[str], RulesThatRan], str]] = {
    "text": render_text, "json": render_json, "junit": render_junit, "sarif": render_sarif, "github": render_github,
}
