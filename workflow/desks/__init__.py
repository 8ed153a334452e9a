"""Desks sharing a workspace through git: the merged ledger, git's merge driver, installing it, merge commits.

`ledgers` is the one deterministic merge of two ledgers; `driver` is what git
runs for each byline file it merges; `install` is the git integration `byline
init` sets up; `git` the few git commands these need; `commits` checks that a
merge commit kept every parent's events (for `verify` in CI).
"""
