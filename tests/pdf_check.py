"""Reading a rendered brief back from its PDF: pages, their sheets, and text that collides.

Used by tests/test_excel_render.py with the boxes from ``pdftotext -bbox-layout`` (poppler).
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from xml.etree import ElementTree

FOOTER = re.compile(r"^(?P<sheet>.+) - page (?P<page>\d+) of (?P<pages>\d+)$")
# A number glued to a word ("0pass", "19FAIL", "2026default", "17.00Large"): two cells touching.
NUMBER = re.compile(r"^[-\u2212]?[\d,]*\d(\.\d+)?%?$")
GLUED = re.compile(r"^[-\u2212]?[\d,]*\d(\.\d+)?(pass|FAIL|FLAG|default|baseline|[A-Z][a-z]+|[a-z]{3,})$")


@dataclass(frozen=True)
class Line:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def read(pdf: str) -> tuple[list[list[Line]], list[list[Line]]]:
    """Per page: its text lines and its words, each with its box (points, y down)."""
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True,
                         timeout=120).stdout
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out)
    root = ElementTree.fromstring(out)
    pages, words = [], []
    box = ("xMin", "yMin", "xMax", "yMax")
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        lines, page_words = [], []
        for line in page.iter("{http://www.w3.org/1999/xhtml}line"):
            ws = [Line(number, w.text or "", *(float(w.get(k)) for k in box))
                  for w in line.iter("{http://www.w3.org/1999/xhtml}word")]
            page_words += ws
            lines.append(Line(number, " ".join(w.text for w in ws), *(float(line.get(k)) for k in box)))
        pages.append(lines)
        words.append(page_words)
    return pages, words


def sheet_of(lines: list[Line]) -> str | None:
    """The sheet a page belongs to, from its footer ("Key numbers - page 2 of 16")."""
    for line in lines:
        m = FOOTER.match(line.text)
        if m:
            return m["sheet"]
    return None


def overlaps(lines: list[Line], tolerance: float = 0.5, share: float = 0.25) -> list[tuple[Line, Line]]:
    """Pairs of text lines that collide: their boxes intersect by more than ``tolerance`` points across
    and by more than ``share`` of the lower line's height down (the lines of one wrapped paragraph
    touch by about a tenth of their height, from the font's ascent and descent)."""
    found = []
    ordered = sorted(lines, key=lambda ln: ln.y0)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.y0 >= a.y1:
                break
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if dx > tolerance and dy > max(tolerance, share * min(a.y1 - a.y0, b.y1 - b.y0)):
                found.append((a, b))
    return found


def glued(words: list[Line], gap: float = 0.18) -> list[str]:
    """A number and the word after it on the same line with (almost) no space between them: two cells
    touching, as "0 pass" printed as "0pass". ``gap`` is in heights of the word: a space of the font
    is about 0.24 of it, two touching cells about 0.13 (measured on LibreOffice's render), and the ratio
    holds on a page scaled to fit."""
    found = []
    for a, b in zip(words, words[1:]):
        same_line = abs(a.y1 - b.y1) < 1.0 and b.x0 >= a.x0
        if same_line and b.x0 - a.x1 < gap * (a.y1 - a.y0) and NUMBER.match(a.text) and b.text[:1].isalpha():
            found.append(f"{a.text}|{b.text}")
        elif GLUED.match(a.text):
            found.append(a.text)
    return found
