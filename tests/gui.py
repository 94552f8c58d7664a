"""Helpers for the window tests: build it on a copy of the example, answer its questions, click and type."""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLineEdit

from workbench.core.headlines import KEY_NUMBERS
from workbench.session import EXAMPLE_PROJECT, open_session
from workbench.ui import ask
from workbench.ui.app import build_window
from workbench.ui.main_window import MainWindow


@dataclass
class Answers:
    """What the tests answer to the window's questions, and a record of what it asked."""

    unsaved: str = "discard"
    restore: bool = False
    offer: tuple[str, str] | None = ("Power Division", "Tabled at the second round")
    text: str | None = None
    open_path: Path | None = None
    save_path: Path | None = None
    move_children: bool = True
    confirm: bool = True
    asked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    a = Answers()

    def record(name: str, value: Any) -> Any:
        a.asked.append(name)
        return value
    monkeypatch.setattr(ask, "unsaved_changes", lambda *_: record("unsaved", a.unsaved))
    monkeypatch.setattr(ask, "restore_recovery", lambda *_: record("restore", a.restore))
    monkeypatch.setattr(ask, "offer", lambda *_: record("offer", a.offer))
    monkeypatch.setattr(ask, "text", lambda _p, _t, _l, default="": record("text", default if a.text is None
                                                                           else a.text))
    monkeypatch.setattr(ask, "open_path", lambda *_a, **_k: record("open_path", a.open_path))
    monkeypatch.setattr(ask, "save_path", lambda *_a, **_k: record("save_path", a.save_path))
    monkeypatch.setattr(ask, "move_children", lambda *_: record("move_children", a.move_children))
    monkeypatch.setattr(ask, "confirm", lambda *_: record("confirm", a.confirm))
    monkeypatch.setattr(ask, "problem", lambda _p, title, message: a.problems.append(f"{title}: {message}"))
    return a


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "talks.wbproj"
    shutil.copy(EXAMPLE_PROJECT, path)
    return path


@pytest.fixture
def window(qtbot, answers: Answers, project_file: Path):  # type: ignore[no-untyped-def]
    w = build_window(open_session(project_file))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.activateWindow()
    yield w
    w.runs.shutdown()


def action(window: MainWindow, name: str):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    found = window.findChild(QAction, f"action_{name}")
    assert found is not None, name
    return found


def wait_idle(qtbot, window: MainWindow, names: list[str] | None = None, timeout: int = 30_000) -> None:  # type: ignore[no-untyped-def]
    """Until no run is pending or in flight and the named scenarios (default: those on show) have results."""
    def ready() -> bool:
        runs = window.runs
        wanted = names if names is not None else runs.wanted()
        return not runs.busy and not runs._debounce.isActive() and all(
            window.state.result(n) is not None for n in wanted)
    qtbot.waitUntil(ready, timeout=timeout)


def click_scenario(qtbot, window: MainWindow, name: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    view = window.scenarios.view
    rect = view.visualRect(window.scenarios.model.index_of(name))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    assert window.state.selection.current == name or modifier != Qt.KeyboardModifier.NoModifier


def type_into_cell(qtbot, view, index: QModelIndex, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select a cell, press F2 as a user would, type over its text and press Enter."""
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, f"no line editor opened on {index.data()}"
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()],
                    timeout=2000)  # the view commits (and deletes the editor) on its next event


def shown_key_numbers(window: MainWindow, name: str) -> dict[str, str]:
    """The key numbers as the results table shows them for one scenario."""
    model = window.results.model
    column = 2 + list(model.scenarios).index(name)
    headlines = {h.key for h in KEY_NUMBERS}  # the reserve's rows, when shown, are tested on their own
    return {model.headline(row).key: model.index(row, column).data() for row in range(model.rowCount())
            if model.headline(row).key in headlines}


def expected_key_numbers(key_results: dict[str, float]) -> dict[str, str]:
    return {h.key: "n/a" if key_results.get(h.key) is None else h.format(key_results[h.key]) for h in KEY_NUMBERS}
