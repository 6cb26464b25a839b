"""Lists a page at a time: ``?page=N`` (from 1) and ``?per_page=M`` (default ``PAGE_SIZE``, at
most ``MAX_PAGE_SIZE``). A page past the end shows the last one. Pages link to the previous and
next page with the rest of the query kept; the API sends the same links in a ``Link`` header
and the total in ``X-Total-Count`` (the JSON stays a list)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urlencode

from starlette.requests import Request

from backwards.errors import InputError

__all__ = ["MAX_PAGE_SIZE", "PAGE_SIZE", "Page", "page_of", "page_read"]

T = TypeVar("T")

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def _whole(request: Request, name: str, default: int, limit: int) -> int:
    text = request.query_params.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or len(text) > 9 or not 1 <= int(text) <= limit:
        raise InputError(f"{name}: {text!r} is not a whole number from 1 to {limit}")
    return int(text)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """Items ``start`` to ``start + len(items)`` of ``total``, page ``number`` of ``pages``."""

    items: Sequence[T]
    number: int
    size: int
    total: int
    path: str
    query: tuple[tuple[str, str], ...]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def start(self) -> int:
        """The index of the first item shown (0 when there is none)."""
        return (self.number - 1) * self.size

    @property
    def first(self) -> int:
        """The position of the first item shown, from 1 (0 when there is none)."""
        return self.start + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.start + len(self.items)

    @property
    def previous_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.pages else None

    def url(self, number: int) -> str:
        """This list's address at page ``number`` (the rest of the query kept)."""
        query = [(k, v) for k, v in self.query if k != "page"]
        if number > 1:
            query.append(("page", str(number)))
        return self.path + ("?" + urlencode(query) if query else "")

    def link_header(self) -> str:
        """The RFC 8288 ``Link`` header: rel="prev" and rel="next" when there are such pages."""
        links = [(self.previous_url, "prev"), (self.next_url, "next")]
        return ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links if url is not None)

    def headers(self) -> dict[str, str]:
        """``X-Total-Count`` and ``Link`` (when there is another page) for the API."""
        link = self.link_header()
        return {"X-Total-Count": str(self.total), **({"Link": link} if link else {})}


def page_of(request: Request, items: Sequence[T], *, size: int = PAGE_SIZE) -> Page[T]:
    """The page of ``items`` the request asks for (``?page=``, ``?per_page=``); InputError
    when either is not a whole number in range."""
    size = _whole(request, "per_page", size, MAX_PAGE_SIZE)
    pages = max(1, -(-len(items) // size))
    number = min(_whole(request, "page", 1, 10**9), pages)
    start = (number - 1) * size
    return Page(
        items=items[start : start + size],
        number=number,
        size=size,
        total=len(items),
        path=request.url.path,
        query=tuple(request.query_params.multi_items()),
    )


#: Reads items ``offset`` to ``offset + limit`` of a list and says how many it has in all.
PageReader = Callable[[int, int], tuple[Sequence[T], int]]


def page_read(request: Request, read: PageReader[T], *, size: int = PAGE_SIZE) -> Page[T]:
    """``page_of`` for a list read a page at a time (``read(offset, limit)``, in SQL): the
    same page, without reading the rest. A page past the end is read again as the last one."""
    size = _whole(request, "per_page", size, MAX_PAGE_SIZE)
    number = _whole(request, "page", 1, 10**9)
    items, total = read((number - 1) * size, size)
    pages = max(1, -(-total // size))
    if number > pages:
        number = pages
        items, total = read((number - 1) * size, size)
    return Page(
        items=items,
        number=number,
        size=size,
        total=total,
        path=request.url.path,
        query=tuple(request.query_params.multi_items()),
    )
