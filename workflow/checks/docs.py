"""Write docs/checks.md from the rule registry: `python -m workflow.checks.docs > docs/checks.md`.

A test compares the file with this output, so the page never drifts from the rules.
"""

from __future__ import annotations

import inspect

from workflow.checks.glossary import GLOSSARY_NAME
from workflow.checks.output import RENDERERS
from workflow.checks.registry import rules

FAMILY_TITLES = {
    "completeness": "Completeness (BL1xx)",
    "consistency": "Consistency: numbers, names, terms and punctuation (BL2xx)",
    "policy": "Workflow policy (BL3xx)",
    "integrity": "Integrity and provenance (BL4xx)",
}

INTRO = f"""# Pre-publication checks

`byline check [ARTICLE …|--all] [--format {"|".join(RENDERERS)}] [--no-cache] [--shard i/n]`
runs the rules below on each article and exits 0 when no unwaived error is
found, 1 when one is, and 2 on a usage, config or input error. `byline rules`
lists the rules. This page is generated from the registry
(`python -m workflow.checks.docs > docs/checks.md`); do not edit it by hand.

## Output

- `text` (default): one line per finding,
  `translations/a/en.po:42: error BL201 number-mismatch s7: …`, where the line
  is the unit's entry (its `msgctxt`) in `en.po`; waived findings say `waived`.
- `json` (also `--json`): `{{"findings": [{{"rule", "name", "severity", "article",
  "unit", "file", "line", "message"}}, …]}}`; a waived finding adds `"waived": true`.
- `junit`: the strict Ant form (it passes jing with the Ant JUnit schema, and
  the Jenkins one): a test suite per article with `properties` (byline's
  version, the article), a test case per rule; a rule's errors are one
  `failure` naming every unit, warnings and waived findings go to the suite's
  `system-out`. Articles are checked together, so each suite's `time` is the
  run's wall time shared evenly.
- `sarif`: SARIF 2.1.0 that passes Microsoft's SARIF Multitool with its
  default rules and GitHub's: the rules as the driver's rules, each with its
  full description and help (this page's text for it), waived findings as
  `external` suppressions, paths relative to `WORKSPACE`, the workspace
  folder's absolute `file:` URI. `helpUri` and `informationUri` point into
  `docs_url` when `[checks]` sets it (where the newsroom publishes these docs),
  and are `urn:byline:docs:…` names otherwise.
- `github`: workflow commands (`::error file=…,line=…,title=…::message`).

## Configuration

```toml
[checks]
ignore = ["BL104"]                 # rules switched off for the workspace
select = []                        # only these rules (empty: all)
severity = {{ BL204 = "error" }}     # per-rule severity: "error" or "warning"
docs_url = "https://example.org/byline/docs/"   # optional: SARIF links each rule to its section here
```

A rule may grade its own findings (a stale unit whose Korean changed only in
spacing is a warning); a severity set in `[checks]` overrides that grading.

**Waivers.** An exception is recorded, never configured:
`byline waive A --rule BL201 --unit s7 --by WHO --reason "…"` appends a
`waive` event; findings of that rule on that unit (or the whole article,
without `--unit`) are then shown as waived and do not fail the check.

**Glossary.** `{GLOSSARY_NAME}` at the workspace root, one term a line:
`Korean term<TAB>required English`, alternatives separated by `|`, `#` starts
a comment:

```
인민반	neighborhood watch unit|inminban
```

## Cache and shards

Results are cached in `.byline-cache/checks.db` (keep it out of git), an
SQLite file with a row per article, read and written one article at a time;
a damaged or foreign file there is replaced, at the cost of checking again.
Each article's findings are stored with a digest of its ledger and working files;
a change to any of them re-checks that article, and a change to `byline.toml`,
the glossary or byline itself re-checks every article. Files whose size,
mtime, ctime and inode are as recorded are not read again, so a warm run costs
little more than start-up; `--no-cache` ignores the cache.

`--shard i/n` checks only the articles whose name hashes (SHA-256) to shard i
of n, so parallel CI runners split an archive without coordination.

## Rules
"""


def render() -> str:
    """The whole page."""
    parts = [INTRO]
    for family, title in FAMILY_TITLES.items():
        parts.append(f"\n### {title}\n")
        parts.append("\n| code | name | severity | summary |\n| --- | --- | --- | --- |\n")
        members = [r for r in rules() if r.family == family]
        parts.extend(f"| [{r.code}](#{r.code.lower()}-{r.name}) | "
                     f"{r.name} | {r.severity} | {r.summary} |\n" for r in members)
        for r in members:
            body = inspect.cleandoc(r.check.__doc__ or "").split("\n", 1)
            rest = body[1].strip() if len(body) > 1 else ""
            parts.append(f"\n#### {r.code} {r.name}\n\n{body[0]} Default severity: {r.severity}, scope: {r.scope}.\n")
            if rest:
                parts.append(f"\n{rest}\n")
    return "".join(parts)


if __name__ == "__main__":
    print(render(), end="")
