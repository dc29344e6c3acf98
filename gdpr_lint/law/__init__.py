"""The law the rules and the documents share, and its dated facts.

`rights` (the rights each lawful basis gives and the exemptions that limit them),
`statutes` (whose law a reference names), `duration` and `dates`, and `data/` (ISO countries,
the EEA, adequacy decisions, Art. 8 ages, special-category terms per language, supervisory
authorities), each fact with its date and source.
"""
