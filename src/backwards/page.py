"""Pages: every HTML page backwards writes goes through here.

One Jinja2 environment (autoescape on, undefined names are errors), one base layout
(``templates/page.html.j2``), the chart runtime of :mod:`backwards.charts`, and the one
Content-Security-Policy builder (:func:`content_security_policy`; no other file holds a policy).
The WBR deck, the trust report and (later) the web app's pages are templates that extend the
base layout; ``_repr_html_`` in a notebook shows a page through :func:`iframe_srcdoc`, so the
page keeps its own policy.

How to adopt (a feature's page):

1. Put the template in the feature's package data, e.g. ``backwards/ledger/templates/
   trust.html.j2``, starting with ``{% extends "backwards/page.html.j2" %}`` and filling the
   blocks ``head`` (extra ``<meta>``), ``style`` (the page's CSS) and ``body``. Templates are
   named ``"<package>/<file>"``: ``"backwards.ledger/trust.html.j2"`` is
   ``templates/trust.html.j2`` inside the ``backwards.ledger`` package.
2. Render it with :func:`render_page`, giving the title, the charts (:class:`Charts`: Vega-Lite
   specs by the id of the ``<div data-chart="ID">`` that draws them) and, when the page embeds
   iframes, their ``frames`` sources. The page's policy then allows exactly the chart scripts
   and those frames.
3. For notebooks: ``def _repr_html_(self) -> str: return iframe_srcdoc(render(self), title=...)``.

User text is escaped by the template (autoescape); chart specs travel as escaped JSON
(:func:`backwards.charts.script_json`). Never mark user text as safe.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from backwards.charts import (
    SPECS_ELEMENT_ID,
    bundle_hash,
    javascript_bundle,
    runtime_js,
    script_hash,
    specs_json,
)

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

__all__ = [
    "Charts",
    "chart_page",
    "content_security_policy",
    "environment",
    "iframe_srcdoc",
    "render_page",
]

#: The base layout every page extends.
BASE_TEMPLATE = "backwards/page.html.j2"


def content_security_policy(
    scripts: Iterable[str] = (),
    *,
    frames: Sequence[str] = (),
    bundle: bool = True,
    served: bool = False,
) -> str:
    """The policy for an offline page: only the given inline ``scripts`` run (plus the Vega
    bundle unless ``bundle=False``).

    ``frames`` lists the sources iframes may load (for example ``["https:"]`` for embedded
    dashboards); by default none. Styles may be inline (Vega adds its own), images only
    ``data:`` and ``blob:`` URLs, fonts only ``data:``; no connections, objects or forms go
    anywhere.

    ``served=True`` is the policy of a page served by the web app (``backwards serve``): the
    page may also run scripts from, connect to, post forms to and load images from its own
    origin (``'self'``), and nothing else.
    """
    hashes = [script_hash(s) for s in scripts]
    if bundle:
        hashes.insert(0, bundle_hash())
    own = ["'self'"] if served else []
    sources = own + hashes
    parts = [
        "default-src 'none'",
        "script-src " + (" ".join(sources) if sources else "'none'"),
        "style-src 'unsafe-inline'",
        "img-src " + " ".join([*own, "data:", "blob:"]),
        "font-src data:",
        "connect-src " + (" ".join(own) or "'none'"),
        "frame-src " + (" ".join(frames) if frames else "'none'"),
        "base-uri 'none'",
        "form-action " + (" ".join(own) or "'none'"),
    ]
    return "; ".join(parts)


def _package_template(template: str) -> tuple[str, str | None, Callable[[], bool]] | None:
    """``"<package>/<file>"`` from ``templates/<file>`` inside that package (None: not found)."""
    package, sep, name = template.partition("/")
    if not sep or not name or ".." in name.split("/"):
        return None
    try:
        source = resources.files(package).joinpath("templates", *name.split("/"))
        text = source.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return None
    return text, None, lambda: True


@cache
def environment() -> jinja2.Environment:
    """The one Jinja2 environment: autoescape on, undefined names raise, templates parsed once
    per process. Jinja2 is loaded here, on first use, so importing a page-making module (every
    feature's) costs nothing until a page is made."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_package_template),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,
    )


@dataclass(frozen=True, slots=True)
class Charts:
    """The Vega-Lite charts of a page: ``specs`` by chart id, one shared Vega-Lite ``config``
    and ``shared`` fragments (see :func:`backwards.charts.specs_json`)."""

    specs: Mapping[str, Any]
    config: Mapping[str, Any] | None = None
    shared: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class _PageScripts:
    specs_id: str
    specs: Markup
    bundle: Markup
    runtime: Markup


@dataclass(frozen=True, slots=True)
class _Page:
    title: str
    csp: str
    charts: _PageScripts | None = field(default=None)


def render_page(
    template: str,
    *,
    title: str,
    charts: Charts | None = None,
    frames: Sequence[str] = (),
    served: bool = False,
    **context: Any,
) -> str:
    """Render ``template`` (which extends the base layout) into one self-contained page.

    The template sees ``page.title``, ``page.csp`` and ``page.charts`` (used by the base
    layout) and every name in ``context``. ``served``: a page of the web app (see
    :func:`content_security_policy`).
    """
    from markupsafe import Markup

    scripts: _PageScripts | None = None
    if charts is not None:
        runtime = runtime_js()
        scripts = _PageScripts(
            specs_id=SPECS_ELEMENT_ID,
            specs=Markup(specs_json(charts.specs, config=charts.config, shared=charts.shared)),
            bundle=Markup(javascript_bundle()),
            runtime=Markup(runtime),
        )
        csp = content_security_policy([runtime], frames=frames, served=served)
    else:
        csp = content_security_policy(frames=frames, bundle=False, served=served)
    page = _Page(title=title, csp=csp, charts=scripts)
    return environment().get_template(template).render(page=page, **context)


def chart_page(
    specs: Sequence[Mapping[str, Any]],
    *,
    title: str,
    captions: Sequence[str] | None = None,
    config: Mapping[str, Any] | None = None,
    shared: Mapping[str, Any] | None = None,
) -> str:
    """A self-contained HTML page drawing each Vega-Lite spec in ``specs``, in order.

    ``title`` and ``captions`` (one heading per chart, optional) are escaped; ``config`` is a
    Vega-Lite config shared by all charts, ``shared`` holds fragments the specs refer to with
    ``{"$use": name}`` (:func:`backwards.charts.specs_json`). Write the result with
    ``backwards.atomicfile.write_atomic``.

    >>> page = chart_page([{"mark": "bar", "data": {"values": [{"a": 1}]},
    ...                     "encoding": {"y": {"field": "a", "type": "quantitative"}}}],
    ...                   title="Demo")
    >>> page.startswith("<!DOCTYPE html>") and "cdn" not in page
    True
    """
    if captions is not None and len(captions) != len(specs):
        raise ValueError("captions must have one entry per spec")
    ids = [f"chart-{i + 1}" for i in range(len(specs))]
    figures = [(chart_id, captions[i] if captions else None) for i, chart_id in enumerate(ids)]
    return render_page(
        "backwards/chart_page.html.j2",
        title=title,
        charts=Charts(dict(zip(ids, specs, strict=True)), config=config, shared=shared),
        figures=figures,
    )


def iframe_srcdoc(page: str, *, title: str, height: int = 640) -> str:
    """``page`` inside an ``<iframe srcdoc>``: what ``_repr_html_`` returns for a notebook.

    The page runs in a sandbox (scripts allowed, no same-origin access to the notebook) and
    keeps its own Content-Security-Policy.
    """
    return (
        f'<iframe title="{html.escape(title)}" sandbox="allow-scripts" '
        f'style="width: 100%; height: {int(height)}px; border: 0" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe>'
    )
