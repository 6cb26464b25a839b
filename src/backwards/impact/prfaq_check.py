"""A PR/FAQ's impact forecast against the workspace's WBR: the warnings ``prfaq review`` shows.

For each document with an ``impact:`` in its front matter:

- ``IMP005 impact-metric-unknown``: the metric is not a metric of the WBR config (``--wbr`` or
  the workspace's ``wbr.config``; no check without one), with "did you mean";
- ``IMP006 impact-quantiles-out-of-order``: a P50 outside the document's own P10-P90 (or
  P10 above P90): the front matter reader's ``CLM001``, as a warning about the forecast.

Both are warnings at the line of ``impact:``: the document can still be reviewed, but its
forecast cannot become a bet as written. The PR/FAQ feature cannot know the WBR (features are
independent), so this join lives here, one layer up; the review command calls it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from backwards import wbr
from backwards.config import did_you_mean
from backwards.findings import Finding, Severity
from backwards.prfaq import read_claims
from backwards.wbr import WbrSettings
from backwards.workspace import Workspace

__all__ = ["prfaq_impact_findings"]


def _spec(workspace: Workspace | None, wbr_config: Path | str | None) -> Any:
    """The WBR config's spec (None: no config, or one with problems of its own)."""
    if wbr_config is None and workspace is not None:
        configured = workspace.settings.section(WbrSettings).config
        wbr_config = workspace.resolve(configured) if configured else None
    if wbr_config is None:
        return None
    spec, _ = wbr.load_spec(wbr_config)  # the lazy front door: the WBR reader loads only here
    return spec


def prfaq_impact_findings(
    paths: Iterable[Path | str],
    *,
    workspace: Workspace | None = None,
    wbr_config: Path | str | None = None,
) -> list[Finding]:
    """The impact warnings of each PR/FAQ in ``paths`` (see the module docstring)."""
    spec: Any = None
    checked = False
    out: list[Finding] = []
    for path in paths:
        claims = read_claims(path)
        for f in claims.findings:
            if f.code == "CLM001":
                out.append(
                    Finding(
                        "IMP006",
                        "impact-quantiles-out-of-order",
                        Severity.WARNING,
                        f.message,
                        file=f.file,
                        line=f.line,
                        suggestion=f.suggestion,
                    )
                )
        impact = claims.impact
        if impact is None:
            continue
        if not checked:
            spec, checked = _spec(workspace, wbr_config), True
        if spec is None or spec.has_name(impact.metric):
            continue
        names = sorted(spec.metrics)
        guess = did_you_mean(impact.metric, names)
        out.append(
            Finding(
                "IMP005",
                "impact-metric-unknown",
                Severity.WARNING,
                f"the impact names {impact.metric!r}, which the workspace's WBR does not have",
                file=str(path),
                line=impact.line,
                suggestion=f"did you mean {guess!r}?" if guess else "metrics: " + ", ".join(names),
            )
        )
    return out
