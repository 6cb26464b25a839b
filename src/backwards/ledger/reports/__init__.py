"""The ledger's reports: the ``TrustReport`` value and its text and HTML renderings.

``trust_report`` (every measure of one selection, with plain-language notes), ``trust_text``
(a terminal, alone or side by side) and ``trust_html`` (an offline page with charts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backwards.lazy import front_door

if TYPE_CHECKING:
    from backwards.ledger.reports.report_items import report_items as discussion_items
    from backwards.ledger.reports.trust_report import report_from_frames

__all__ = ["discussion_items", "report_from_frames"]

_EXPORTS = {"discussion_items": "report_items:report_items", "report_from_frames": "trust_report"}
__getattr__, __dir__ = front_door(globals(), _EXPORTS)
