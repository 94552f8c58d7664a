"""Quoting user text inside messages: short, and free of control characters that reach a terminal."""
from __future__ import annotations

import re
from typing import Any

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    return CONTROL.sub("?", text)


def short(value: Any, limit: int = 40) -> str:
    """A value as it may appear inside an error message."""
    text = printable(str(value))
    return text if len(text) <= limit else text[:limit - 3] + "..."
