"""What every request of the web app shares: the settings, the clock, the workspace and its
database (one ``Store`` per process), the people directory, sessions, the login throttle and
the deck cache. Built once by ``create_app``; nothing is read from the environment later."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from backwards import ledger, wbr
from backwards.features import open_workspace
from backwards.people import Directory
from backwards.store import Store, open_store
from backwards.web.catalog import WORKSPACE_DECK, DeckCatalog, DeckRef
from backwards.web.documents import DocumentStore
from backwards.web.oidc import OidcClient
from backwards.web.ready import ReadyPage
from backwards.web.sessions import SessionStore
from backwards.web.settings import WebSettings
from backwards.web.shares import ShareStore
from backwards.web.throttle import LoginThrottle
from backwards.workspace import Workspace

__all__ = ["DB_CONNECTIONS", "BuiltDeck", "DeckCache", "WebContext"]

#: SQLite connections each worker keeps open (reused by every request: a new one runs its
#: PRAGMAs, about a millisecond, several times a request without a pool).
DB_CONNECTIONS = 8


@dataclass(frozen=True, slots=True)
class BuiltDeck:
    deck: wbr.Deck
    page: ReadyPage  # its HTML, ready to send


@dataclass
class DeckCache:
    """Decks by (deck key, week ending) (week None: the config's own week), built on first
    request, the ``size`` most recent kept."""

    workspace: Workspace
    size: int
    _decks: OrderedDict[tuple[str, date | None], BuiltDeck] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, week: date | None, ref: DeckRef | None = None) -> BuiltDeck:
        key = ref.key if ref is not None else WORKSPACE_DECK
        with self._lock:  # one build at a time: they are CPU-bound, and never built twice
            found = self._decks.get((key, week))
            if found is not None:
                self._decks.move_to_end((key, week))
                return found
            if ref is None or ref.config is None:
                deck = wbr.build(workspace=self.workspace, week_ending=week)
            else:
                deck = wbr.build(ref.config, [ref.data] if ref.data else [], week_ending=week)
            built = BuiltDeck(deck, ReadyPage.of(wbr.render(deck, "html")))
            self._decks[(key, week)] = built
            if week is None:
                self._decks[(key, deck.week_ending)] = built
            while len(self._decks) > self.size:
                self._decks.popitem(last=False)
            return built

    def clear(self) -> None:
        with self._lock:
            self._decks.clear()


class WebContext:
    def __init__(self, settings: WebSettings, *, clock: Callable[[], datetime]) -> None:
        self.settings = settings
        self.clock = clock
        self.workspace = open_workspace(settings.workspace)
        self.store: Store = open_store(self.workspace.database_url, pooled=DB_CONNECTIONS)
        self.directory = Directory(self.store)
        self.sessions = SessionStore(
            self.store, idle=settings.session_idle, absolute=settings.session_absolute
        )
        self.throttle = LoginThrottle(
            self.store,
            window=settings.login_window,
            per_name=settings.login_failures_per_name,
            per_address=settings.login_failures_per_address,
        )
        self.decks = DeckCache(self.workspace, settings.deck_cache_size)
        self.catalog = DeckCatalog(self.store, self.workspace.state_dir / "web" / "decks")
        self.shares = ShareStore(self.store)
        self.documents = DocumentStore(self.store)
        self._oidc: OidcClient | None = None
        self._book: ledger.Book | None = None

    @property
    def oidc(self) -> OidcClient | None:
        """The OpenID Connect client when it is configured (Authlib loads at its first use)."""
        if self.settings.oidc is None:
            return None
        if self._oidc is None:
            self._oidc = OidcClient(self.settings.oidc)
        return self._oidc

    def book(self) -> ledger.Book:
        """The ledger on the shared store (never closed here: the app closes the store), made
        at the first use with the workspace's settings as ``ledger.open`` reads them (the
        repeat threshold, the holidays, the default person), then kept: a request pays for
        none of it."""
        if self._book is None:
            settings = self.workspace.settings.section(ledger.LedgerSettings)
            self._book = ledger.Book(
                self.store,
                cache_dir=self.workspace.state_dir / "cache",
                threshold=float(settings.repeat_threshold),
                holidays=settings.holidays,
                default_person=settings.default_person,
            )
        return self._book

    @property
    def has_wbr(self) -> bool:
        return self.workspace.settings.section(wbr.WbrSettings).config is not None

    def close(self) -> None:
        self.store.close()
