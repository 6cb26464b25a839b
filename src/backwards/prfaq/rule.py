"""Rules: the base class, the hits they report, and selection by code, name or group.

A rule is a class with a stable ``code`` ("C01") and ``check(doc, options)``, which yields
``Hit`` values; the review turns them into ``Finding`` values. Its texts are data: the table
``[C01]`` of the TOML file next to its module (``rules/customer.toml`` for
``rules/customer.py``) gives the kebab ``name`` ("problem-missing"), the default ``severity``,
a one-line ``message``, a ``why`` addressed to the writer, an optional ``suggestion``, the
review ``question`` it informs (big idea, should we, plan to succeed, or none for style) and
``also_informs``, the ``fails``/``passes`` examples that the test suite runs, and ``options``
with their defaults. The files are read once, when the first rule is made."""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any, ClassVar

from backwards.errors import ConfigError
from backwards.findings import Severity

if TYPE_CHECKING:
    from backwards.prfaq.document import Block, Document
    from backwards.prfaq.sentence import Sentence

__all__ = ["GROUPS", "QUESTIONS", "Hit", "Rule", "resolve_selection"]

#: group letter -> group name
GROUPS: dict[str, str] = {
    "S": "structure",
    "C": "customer",
    "X": "solution",
    "Q": "quotes",
    "F": "faq",
    "I": "internal-faq",
    "L": "language",
}
#: the three review questions a rule can inform
QUESTIONS = ("big_idea", "should_we", "plan_to_succeed")


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a rule found its problem, and what to say when it differs from the rule's message."""

    line: int
    column: int = 1
    section: str | None = None
    message: str | None = None
    suggestion: str | None = None
    end_line: int | None = None
    end_column: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


#: the keys every rule's table has, and those it may have
_REQUIRED = frozenset({"name", "severity", "message", "why", "fails", "passes"})
_OPTIONAL = frozenset({"question", "also_informs", "suggestion", "options"})


@functools.cache
def _tables(module: str) -> dict[str, Any]:
    """The rule tables of ``module``'s TOML file (``backwards.prfaq.rules.faq``: ``faq.toml``)."""
    package, _, family = module.rpartition(".")
    return tomllib.loads((resources.files(package) / f"{family}.toml").read_text("utf-8"))


def _table(cls: type[Rule]) -> dict[str, Any]:
    """The table of the rule ``cls``, checked: every key it must have, none it may not."""
    where = f"{cls.__module__.rpartition('.')[2]}.toml [{cls.code}]"
    table: dict[str, Any] | None = _tables(cls.__module__).get(cls.code)
    if table is None:
        raise LookupError(f"{where}: the rule has no table")
    missing = _REQUIRED.union(cls.texts) - table.keys()
    unknown = table.keys() - _REQUIRED - _OPTIONAL - set(cls.texts)
    if missing or unknown or table.get("question") not in (*QUESTIONS, None):
        raise ValueError(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    return table


class Rule:
    """Base class of every review rule: a ``code`` and a ``check``; the texts from its table."""

    code: ClassVar[str]
    #: further keys of the rule's table, set as attributes of the same name
    texts: ClassVar[tuple[str, ...]] = ()

    name: str
    severity: Severity
    message: str
    why: str
    question: str | None
    also_informs: tuple[str, ...]
    suggestion: str | None
    fails: tuple[str, ...]
    passes: tuple[str, ...]
    options: Mapping[str, Any]

    def __init__(self) -> None:
        table = _table(type(self))
        self.name = table["name"]
        self.severity = Severity(table["severity"])
        self.message = table["message"]
        self.why = table["why"]
        self.question = table.get("question")
        self.also_informs = tuple(table.get("also_informs", ()))
        self.suggestion = table.get("suggestion")
        self.fails = tuple(table["fails"])
        self.passes = tuple(table["passes"])
        self.options = dict(table.get("options", {}))
        for key in self.texts:
            setattr(self, key, table[key])

    @property
    def questions(self) -> tuple[str, ...]:
        """Every review question this rule's findings count against."""
        return ((self.question,) if self.question else ()) + self.also_informs

    @property
    def group(self) -> str:
        return GROUPS[self.code[0]]

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        raise NotImplementedError

    # Helpers for subclasses -------------------------------------------------------------

    def at(
        self,
        block: Block,
        start: int = 0,
        end: int | None = None,
        *,
        message: str | None = None,
        suggestion: str | None = None,
        **extra: Any,
    ) -> Hit:
        """A hit at ``block.text[start:end]``."""
        line, col = block.position(start)
        end_line = end_col = None
        if end is not None:
            end_line, end_col = block.position(end)
        return Hit(
            line,
            col,
            block.section,
            message,
            suggestion if suggestion is not None else self.suggestion,
            end_line,
            end_col,
            extra,
        )

    def at_match(
        self,
        block: Block,
        m: re.Match[str],
        offset: int = 0,
        *,
        message: str | None = None,
        suggestion: str | None = None,
    ) -> Hit:
        """A hit over the match ``m`` of ``block.text`` (or of a part of it that starts at
        ``offset``, such as a sentence)."""
        return self.at(
            block, offset + m.start(), offset + m.end(), message=message, suggestion=suggestion
        )

    def at_word(self, block: Block, start: int, word: str, *, message: str | None = None) -> Hit:
        """A hit over ``word``, which starts at ``start`` in ``block.text``."""
        return self.at(block, start, start + len(word), message=message)

    def at_first(self, sentences: Sequence[Sentence], rx: re.Pattern[str], *, message: str) -> Hit:
        """A hit at ``rx``'s match in the first of ``sentences`` (for a finding about their
        share of the text: passive voice, future tense)."""
        first = sentences[0]
        m = rx.search(first.text)
        return self.at(first.block, first.start + (m.start() if m else 0), message=message)

    def at_line(
        self,
        line: int,
        section: str | None,
        *,
        message: str | None = None,
        suggestion: str | None = None,
        **extra: Any,
    ) -> Hit:
        """A hit at the start of ``line`` (for findings about a whole part of the document)."""
        return Hit(
            line,
            1,
            section,
            message,
            suggestion if suggestion is not None else self.suggestion,
            extra=extra,
        )


def resolve_selection(
    tokens: Iterable[str], rules: Sequence[Rule], *, what: str = "rule"
) -> set[str]:
    """Codes named by ``tokens``: codes, names, group letters or names, or ``all``."""
    by_code = {r.code.upper(): r.code for r in rules}
    by_name = {r.name: r.code for r in rules}
    out: set[str] = set()
    for raw in tokens:
        for token in (t.strip() for t in str(raw).split(",")):
            if not token:
                continue
            key = token.upper()
            if key == "ALL":
                out.update(by_code.values())
            elif key in by_code:
                out.add(by_code[key])
            elif token.lower() in by_name:
                out.add(by_name[token.lower()])
            elif key in GROUPS or token.lower() in GROUPS.values():
                letter = key if key in GROUPS else _letter(token.lower())
                out.update(c for c in by_code.values() if c.startswith(letter))
            else:
                choices = [*by_code.values(), *by_name, *GROUPS.values()]
                guess = difflib.get_close_matches(token, choices, n=1, cutoff=0.6)
                hint = f"Did you mean '{guess[0]}'? " if guess else ""
                raise ConfigError(
                    f"unknown {what} {token!r}",
                    hint=hint + "Run `backwards prfaq rules` to list the codes and names.",
                )
    return out


def _letter(group: str) -> str:
    return next(k for k, v in GROUPS.items() if v == group)
