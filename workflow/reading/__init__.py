"""The read side: what the record says (verify, status, blame, credit, diff, staleness, alignment, export)."""
