"""Quality gates over a built site (`invoke check-site`, run by `invoke publish`).

Each gate is a function `check(site) -> list[Problem]`; a Problem names the
page, what is wrong and the fix. Nothing is published unless every gate
returns no problem. docs/gates.md says what each gate checks.
"""

from __future__ import annotations

from .site import Site

__all__ = ["Site"]
