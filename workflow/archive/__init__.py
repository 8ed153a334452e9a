"""The desk's archive: an SQLite index of every ledger, for desk-wide questions and for Datasette.

The index is derived from the ledgers and working files, updated article by
article as they change, and rebuilt from them anywhere; it is never the source
of truth. schema.py holds its tables, extract.py one article's rows, index.py
keeps the file up to date, queries.py answers the desk-wide commands, serve.py
opens it in Datasette. docs/archive.md is its manual.
"""
