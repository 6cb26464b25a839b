"""``Resource``: ``with`` hands back the resource and closes it, whatever the block does."""

from __future__ import annotations

import pytest

from backwards.resource import Resource
from backwards.store import open_store


class _Counted(Resource):
    def __init__(self) -> None:
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def test_with_returns_the_resource_and_closes_it_once() -> None:
    thing = _Counted()
    with thing as held:
        assert held is thing
        assert thing.closed == 0
    assert thing.closed == 1


def test_an_error_in_the_block_still_closes_and_is_not_swallowed() -> None:
    thing = _Counted()
    with pytest.raises(KeyError), thing:
        raise KeyError("inside")
    assert thing.closed == 1


def test_a_resource_must_say_how_it_closes() -> None:
    class _Open(Resource):
        pass

    with pytest.raises(TypeError, match="close"):
        _Open()  # type: ignore[abstract]


def test_the_store_is_a_resource(tmp_path: object) -> None:
    with open_store(f"sqlite:///{tmp_path}/t.db") as store:
        assert isinstance(store, Resource)
        assert store.status().up_to_date
