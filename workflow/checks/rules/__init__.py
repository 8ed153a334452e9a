"""The check rules, one module per family (1xx completeness, 2xx consistency, 3xx policy, 4xx integrity)."""
