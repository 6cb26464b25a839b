"""Charts: Vega-Lite specs drawn in a self-contained HTML page that works offline.

The Vega, Vega-Lite and vega-embed browser builds are vendored as package data under
``backwards/assets/vega/`` (see ``VENDORED.md`` there: versions, licences, how to update) and
inlined into every page, so a page never loads anything from the network (no CDN) and opens
from a file, an e-mail attachment or a USB stick.

Safety. Specs usually carry user text (titles, metric names, labels). They travel as JSON in a
``<script type="application/json">`` element, escaped so that no ``<``, ``>`` or ``&`` reaches
the HTML parser (:func:`script_json`); Vega draws text as SVG text nodes and its tooltip handler
escapes HTML. The page carries a Content-Security-Policy that allows only our own inline scripts
(by their SHA-256 hashes), no ``eval`` (Vega runs in its AST-interpreter mode), no network
requests and no remote images or fonts. User text must never be put into Vega *expression*
strings (``calculate``, ``labelExpr``...): pass it as data fields instead.

Building blocks for pages (:mod:`backwards.page` puts them into every page):

- :func:`javascript_bundle`: the vendored JavaScript, safe to inline in a ``<script>``.
- :data:`CHART_RUNTIME_JS`: draws every ``<div data-chart="ID">`` from the specs element,
  lazily for long pages, and all of them before printing.
- :func:`script_json`: JSON safe inside ``<script>``.
- :func:`script_hash` / :func:`bundle_hash`: the hashes a page's policy allows.

Pages are built in :mod:`backwards.page` (the base layout, the one Content-Security-Policy
builder, ``chart_page``); this module holds no HTML page and no policy.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

# json, html, hashlib, base64 and importlib.resources are imported where used: importing this
# module stays cheap for the command line.

__all__ = [
    "CHART_RUNTIME_JS",
    "SPECS_ELEMENT_ID",
    "VEGA_VERSIONS",
    "bundle_hash",
    "javascript_bundle",
    "runtime_js",
    "script_hash",
    "script_json",
    "specs_json",
]

#: Versions of the vendored browser builds (checked against the files by a test).
VEGA_VERSIONS: Mapping[str, str] = {"vega": "6.4.0", "vega-lite": "6.5.0", "vega-embed": "7.3.0"}

_BUNDLE_FILES = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")

#: The id of the ``<script type="application/json">`` element holding the charts, as made by
#: :func:`specs_json`: ``{"config": {...}, "shared": {name: fragment}, "specs": {id: spec}}``.
SPECS_ELEMENT_ID = "backwards-chart-specs"

#: Draws the charts. Small decks are drawn at once; long ones as they scroll into view, with a
#: background queue drawing the rest (a "Drawing charts: n of N" note shows meanwhile). When all
#: are drawn, ``<html data-charts-drawn="N">`` is set (for print automation and tests). A chart
#: that fails shows its error in place instead of a blank box.
CHART_RUNTIME_JS = """
(function () {
  "use strict";
  var source = document.getElementById("%(specs_id)s");
  if (!source || typeof vegaEmbed !== "function") { return; }
  var payload = JSON.parse(source.textContent);
  var specs = payload.specs || {};
  var shared = payload.shared || {};
  function expand(node) {
    if (Array.isArray(node)) { return node.map(expand); }
    if (node === null || typeof node !== "object") { return node; }
    var keys = Object.keys(node);
    if (keys.length === 1 && keys[0] === "$use" && shared.hasOwnProperty(node.$use)) {
      return expand(shared[node.$use]);
    }
    if (keys.length === 1 && keys[0] === "$table" && node.$table && node.$table.columns) {
      var columns = node.$table.columns;
      return (node.$table.rows || []).map(function (row) {
        var item = {};
        columns.forEach(function (name, i) { item[name] = i < row.length ? row[i] : null; });
        return item;
      });
    }
    var out = {};
    keys.forEach(function (k) { out[k] = expand(node[k]); });
    return out;
  }
  var pending = Array.prototype.slice.call(document.querySelectorAll("[data-chart]"));
  var options = {actions: false, renderer: "svg", ast: true, tooltip: {theme: "light"},
                 config: payload.config || {}};
  var done = 0;
  var status = null;
  function progress() {
    done += 1;
    if (status) { status.textContent = "Drawing charts: " + done + " of " + pending.length; }
    if (done === pending.length) {
      document.documentElement.setAttribute("data-charts-drawn", String(done));
      if (status) { status.remove(); status = null; }
    }
  }
  function draw(el) {
    if (el.getAttribute("data-drawn")) { return Promise.resolve(); }
    el.setAttribute("data-drawn", "1");
    var id = el.getAttribute("data-chart");
    if (!specs.hasOwnProperty(id)) { progress(); return Promise.resolve(); }
    var spec = expand(specs[id]);
    return vegaEmbed(el, spec, options).then(function () {
      el.setAttribute("data-rendered", "1");
    }).catch(function (err) {
      el.setAttribute("data-rendered", "error");
      el.textContent = "Chart could not be drawn: " + err;
    }).then(progress);
  }
  function drawAll() { pending.forEach(draw); }
  window.addEventListener("beforeprint", function () {
    if (status) { status.style.display = "none"; }
    drawAll();
  });
  if (pending.length === 0) { document.documentElement.setAttribute("data-charts-drawn", "0"); }
  if (pending.length <= %(eager)d || !("IntersectionObserver" in window)) { drawAll(); return; }
  status = document.createElement("div");
  status.setAttribute("role", "status");
  status.style.cssText = "position:fixed;right:1rem;bottom:1rem;padding:.4rem .7rem;" +
    "background:#1f2933;color:#fff;border-radius:4px;font:13px system-ui,sans-serif;opacity:.9";
  status.textContent = "Drawing charts: 0 of " + pending.length;
  document.body.appendChild(status);
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
    });
  }, {rootMargin: "800px 0px"});
  pending.forEach(function (el) { observer.observe(el); });
  var next = 0;
  function background() {
    while (next < pending.length && pending[next].getAttribute("data-drawn")) { next++; }
    if (next >= pending.length) { return; }
    draw(pending[next]).then(function () { setTimeout(background, 0); });
  }
  setTimeout(background, 300);
})();
""".strip()

#: Up to this many charts are drawn at once when the page opens.
EAGER_CHARTS = 40


@cache
def javascript_bundle() -> str:
    """Vega + Vega-Lite + vega-embed, concatenated, safe to put inside one ``<script>``.

    The builds are read once per process from package data. ``</script`` and ``<!--`` can
    only occur inside JavaScript strings, regular expressions or comments, where the escaped
    forms ``<\\/script`` and ``<\\!--`` mean the same thing.
    """
    from importlib import resources

    folder = resources.files("backwards") / "assets" / "vega"
    parts = [(folder / name).read_text(encoding="utf-8") for name in _BUNDLE_FILES]
    bundle = ";\n".join(parts)
    return bundle.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def runtime_js(*, eager: int = EAGER_CHARTS) -> str:
    """The chart-drawing script (:data:`CHART_RUNTIME_JS`) for a page."""
    return CHART_RUNTIME_JS % {"specs_id": SPECS_ELEMENT_ID, "eager": int(eager)}


def specs_json(
    specs: Mapping[str, Any],
    *,
    config: Mapping[str, Any] | None = None,
    shared: Mapping[str, Any] | None = None,
) -> str:
    """The content of the specs element: ``specs`` by chart id, one shared ``config``, and
    ``shared`` fragments.

    A spec may hold ``{"$use": "name"}`` anywhere; the page replaces it with (a copy of)
    ``shared["name"]`` before drawing. Many charts with the same layers then ship those layers
    once, which keeps long pages small and quick to write. Likewise
    ``{"$table": {"columns": [...], "rows": [[...], ...]}}`` becomes a list of row objects
    (for ``data.values``) without repeating every key in every row.
    """
    payload = {"config": dict(config or {}), "shared": dict(shared or {}), "specs": specs}
    return script_json(payload)


def script_json(value: Any, *, indent: int | None = None) -> str:
    """``value`` as JSON that can sit inside a ``<script>`` element without ending it.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026`` (the same string
    for a JSON parser), so no user text can close the element or open a comment, and the line
    separators U+2028/U+2029 are escaped for old JavaScript parsers. NaN and infinities are
    refused: they are not JSON.
    """
    import json

    separators = None if indent else (",", ":")
    text = json.dumps(
        value, ensure_ascii=False, allow_nan=False, indent=indent, separators=separators
    )
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def bundle_hash() -> str:
    """The CSP source expression allowing the inlined bundle (computed once)."""
    return script_hash(javascript_bundle())


def script_hash(script: str) -> str:
    """The CSP source expression (``'sha256-...'``) allowing exactly this inline script."""
    import base64
    import hashlib

    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"
