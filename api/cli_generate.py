"""Commands of the generate part (not written yet)."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register"]


def register(sub: Any) -> None:
    del sub  # no commands yet


def _unused(args: argparse.Namespace) -> int:
    return 0
