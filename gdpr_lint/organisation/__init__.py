"""The organisation's register: many repositories' record files merged into one (SPEC §12).

`records.py` reads and checks a record file (the JSON `gdpr-lint register --format json`
writes) and lets a configuration's `controllers:` name one; `merge.py` reads many inputs one
at a time, checks them against each other (the O rules) and hands each to a sink that builds
the output; `database.py` is the DuckDB sink.
"""
