#!/usr/bin/env bash
# Rebuild the sample article's whole history from scratch with byline's own
# commands: the Korean source, Claire Shinyoung Oh Lee's draft, Eugene Whong's
# and Malcolm Foster's editing passes, approvals and publication.
# Run from anywhere: `bash sources/nk-laptops/make.sh` (uses `byline` on PATH,
# or set BYLINE="python -m workflow"). Times are fixed so the ledger is reproducible.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
byline=${BYLINE:-byline}
drafts=sources/nk-laptops/drafts

rm -rf translations/nk-laptops sources/nk-laptops/ko.md sources/nk-laptops/original*.md

BYLINE_NOW=2026-11-20T08:00:00Z $byline ingest sources/nk-laptops/rfa-korean.md --article nk-laptops --by rfa-korean
BYLINE_NOW=2026-11-20T11:30:00Z $byline translate nk-laptops --from $drafts/translator.md --by cslee --note "first draft"
BYLINE_NOW=2026-11-20T14:05:00Z $byline record nk-laptops --from $drafts/whong.md --by ewhong --stage edit --note "names, structure, move background paragraph"
BYLINE_NOW=2026-11-20T16:40:00Z $byline record nk-laptops --from $drafts/final.md --by mfoster --stage edit --note "final polish, credit line"
BYLINE_NOW=2026-11-20T16:55:00Z $byline approve nk-laptops --by ewhong --stage edit
BYLINE_NOW=2026-11-20T17:00:00Z $byline approve nk-laptops --by mfoster --stage approve
BYLINE_NOW=2026-11-20T17:10:00Z $byline waive nk-laptops --rule BL203 --unit s7 --by mfoster --reason "'memory sticks' is the English for USB memory; the brand-neutral term is house style"
BYLINE_NOW=2026-11-20T17:11:00Z $byline waive nk-laptops --rule BL204 --unit s3 --by mfoster --reason "the resident's words are reported as indirect speech with attribution"
BYLINE_NOW=2026-11-20T17:12:00Z $byline waive nk-laptops --rule BL204 --unit s18 --by mfoster --reason "the defector's estimate is reported, not quoted, in the English"
BYLINE_NOW=2026-11-20T17:30:00Z $byline publish nk-laptops --by mfoster --note "published on the English service"
