"""Pre-publication checks: the runner, the rules in `rules/`, their registry, cache and output formats."""
