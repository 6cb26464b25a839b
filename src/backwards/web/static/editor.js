// The PR/FAQ editor: a link to a line (a finding's or a comment's) selects that line in the
// document and scrolls to it. No inline script: this file is served from /static (CSP 'self').
"use strict";
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a.line-link[data-line]") : null;
  var area = document.getElementById("document");
  if (!link || !area) { return; }
  event.preventDefault();
  var wanted = parseInt(link.getAttribute("data-line"), 10);
  var lines = area.value.split("\n");
  if (!(wanted >= 1 && wanted <= lines.length)) { return; }
  var start = 0;
  for (var i = 0; i < wanted - 1; i++) { start += lines[i].length + 1; }
  area.focus();
  area.setSelectionRange(start, start + lines[wanted - 1].length);
  var height = area.scrollHeight / Math.max(lines.length, 1);
  area.scrollTop = Math.max(0, (wanted - 3) * height);
});
