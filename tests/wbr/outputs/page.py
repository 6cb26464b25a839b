"""Parse a rendered HTML deck into elements, to assert on structure rather than on substrings."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""
    parents: list[str] = field(default_factory=list)  # ids and classes of the enclosing elements


VOID = {"meta", "link", "img", "br", "hr", "input", "source", "col", "area", "base", "wbr"}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        context = []
        for e in self.stack:
            if e.attrs.get("id"):
                context.append("#" + str(e.attrs["id"]))
            for c in str(e.attrs.get("class") or "").split():
                context.append("." + c)
        element = Element(tag, dict(attrs), parents=context)
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        for e in self.stack:
            e.text += data


def parse(page: str) -> list[Element]:
    parser = _Parser()
    parser.feed(page)
    parser.close()
    return parser.elements


def find(elements: list[Element], tag: str, **attrs: str) -> list[Element]:
    out = []
    for e in elements:
        if e.tag != tag:
            continue
        ok = True
        for key, value in attrs.items():
            name = "class" if key == "class_" else key
            actual = str(e.attrs.get(name) or "")
            matches = value in actual.split() if name == "class" else actual == value
            ok = ok and matches
        if ok:
            out.append(e)
    return out
