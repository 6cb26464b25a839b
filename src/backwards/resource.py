"""A resource that is released by ``close()`` and used as ``with resource: ...``.

Stores, data sets, repositories and books hold connections or files; each one closes what it
holds in ``close()``, and this base gives them the same context manager: ``__enter__`` returns
the resource itself and ``__exit__`` closes it, whatever the outcome of the block.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Self

__all__ = ["Resource"]


class Resource(ABC):
    """Closed by ``close()``; ``with`` closes it on the way out."""

    __slots__ = ()

    @abstractmethod
    def close(self) -> None:
        """Release what this resource holds."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
