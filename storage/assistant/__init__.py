"""The claim assistant: sentences, suggested claim types and speakers, and answer keys compared.

Everything here runs offline and explains itself: rules over word lists
(``words/<language>/*.txt``), no model and no network. Nothing is stored
unless the user accepts a suggestion (``accepting.accept_suggestions``).
"""
