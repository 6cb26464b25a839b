"""The ledger's measures: pure numpy over columns, no storage and no clock.

``commitment_frame`` (one array per fact, one row per commitment), ``rates`` (Wilson, Jeffreys,
weighted), ``survival`` (Kaplan-Meier), ``saydo``, ``slip``, ``forecast`` (Brier, calibration,
date coverage), ``repeats`` (the mistake log and its measures), ``similarity`` (character
n-gram TF-IDF) with ``index_cache``, and ``repeat_candidates``.
"""
