"""User text inside messages: safe to print on any terminal, short, and numbers in shortest form.

Project files and workbooks come from people we do not control, and their names, keys and
values end up in error lines. A raw ESC can recolour or retitle a terminal, a bidi override
(U+202E) can make a message read backwards, and a 1 MB key makes a 1 MB error line. Every
message quotes user text through ``safe_text``, and the command line passes its whole message
through it once more, so no line it prints holds a control character or runs past its cap.
"""
from __future__ import annotations

import math
import re
from typing import Any

# C0 and C1 controls, and the invisible formatting characters that can reorder or hide text:
# Arabic letter mark, zero-width space, left/right marks, line and paragraph separators, bidi
# embeddings, overrides and isolates, word joiners, byte-order mark, interlinear annotations.
# (Zero-width non-joiner and joiner, U+200C/D, are kept: Urdu and Persian spelling needs them.)
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")
MESSAGE_LIMIT = 390  # characters of one printed message line, after "error: " it stays under 400


def escaped(ch: str) -> str:
    """One unsafe character as its escape: \\x1b, \\u202e."""
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def has_unsafe(text: str) -> bool:
    return UNSAFE.search(text) is not None


def number_text(x: float) -> str:
    """A number as a reader writes it: thousands separators, no needless decimals, 1e+300 not 301 digits."""
    try:
        x = float(x)
    except OverflowError:  # an integer with hundreds of digits
        digits = str(abs(x))
        return f"{'-' * (x < 0)}{digits[0]}.{digits[1:6]}e+{len(digits) - 1}"
    if not math.isfinite(x):
        return str(x)
    if x != 0 and not 1e-4 <= abs(x) < 1e15:
        return f"{x:.6g}"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.1f}"


def safe_text(value: Any, limit: int = 40) -> str:
    """``value`` as it may appear inside a message: unsafe characters escaped, at most ``limit``
    characters of it kept (then a marker says how many more there were), floats in shortest form.

    Escaping is idempotent (a backslash is left alone), so a message built from safe parts can
    pass through again with a larger limit.
    """
    text = number_text(value) if isinstance(value, float) else str(value)
    if len(text) <= limit and not UNSAFE.search(text):
        return text
    out: list[str] = []
    size = 0
    for i, ch in enumerate(text):  # stops at the limit: a 1 MB value costs only ``limit`` steps
        piece = escaped(ch) if UNSAFE.match(ch) else ch
        if size + len(piece) > limit:
            return "".join(out) + f"... (+{len(text) - i:,} characters)"
        out.append(piece)
        size += len(piece)
    return "".join(out)
