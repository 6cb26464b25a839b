"""The ledger's reports: the ``TrustReport`` value and its text and HTML renderings.

``trust_report`` (every measure of one selection, with plain-language notes), ``trust_text``
(a terminal, alone or side by side) and ``trust_html`` (an offline page with charts).
"""
