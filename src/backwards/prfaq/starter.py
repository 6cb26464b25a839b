"""PR/FAQ templates, one per profile, that lead with the customer's problem.

The placeholders in [brackets] are flagged by the review (S14) until they are filled in.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from backwards.atomicfile import write_atomic
from backwards.errors import InputError
from backwards.prfaq.profile import get_profile

__all__ = ["template", "write_template"]


def template(profile: str = "product") -> str:
    """The Markdown template of ``profile``."""
    name = get_profile(profile).name
    return (resources.files("backwards.prfaq") / "templates" / f"{name}.md").read_text("utf-8")


def write_template(path: Path | str, profile: str = "product", *, force: bool = False) -> Path:
    """Write the template of ``profile`` to ``path`` atomically; replacing needs ``force``."""
    output = Path(path)
    text = template(profile)
    if output.exists() and not force:
        raise InputError(
            f"{output} already exists",
            hint="Pass --force to overwrite it, or choose another file with -o.",
            path=output,
        )
    write_atomic(output, text)
    return output
