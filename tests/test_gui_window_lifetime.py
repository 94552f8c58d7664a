"""A closed window leaves nothing behind.

The lambdas connected to a QObject's signals hold the window's parts, and that QObject is held in turn
through Qt's connections, where Python's cycle collector cannot see. So every QObject the parts connect to
(the state, the run controller and its bridge, the hover link, the mouse proxies, the models) is a child of
the window, or of one of its parts, and dies with it. Before that, every window built in a process stayed in
memory after it was closed: some 17 MB and 12,000 objects each. A dialog, owned by its parent, is
deleted once answered, or each opening would stay until the window closed.
"""
from __future__ import annotations

import gc
import weakref
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QDialog

from tests.gui import wait_idle
from workbench.session import open_session
from workbench.ui.app import build_window

HASHPRICE = "hashprice_usd_per_ph_day"


def _qt_objects_made_since(earlier: list[QObject]) -> list[QObject]:
    """The app's QObjects and mouse proxies alive now that are not in ``earlier`` (which the caller holds, so
    that no new object can take one of their ids); the collector belongs to the process."""
    import pyqtgraph as pg

    known = {id(o) for o in earlier}
    return [o for o in gc.get_objects() if isinstance(o, QObject) and id(o) not in known
            and type(o).__name__ != "CollectorOnGuiThread"
            and (type(o).__module__.startswith("workbench.ui") or isinstance(o, pg.SignalProxy))]


def _all_qt_objects() -> list[QObject]:
    return [o for o in gc.get_objects() if isinstance(o, QObject)]


def test_every_qt_object_of_a_window_has_an_owner(qtbot, answers, project_file):
    # The rule the freeing below rests on: nothing the window is made of is left without a parent (chart items
    # belong to their scene instead).
    from PySide6.QtWidgets import QGraphicsObject

    earlier = _all_qt_objects()
    window = build_window(open_session(project_file))
    qtbot.addWidget(window)
    wait_idle(qtbot, window)
    parts = [o for o in _qt_objects_made_since(earlier) if not isinstance(o, QGraphicsObject)]
    assert len(parts) > 50
    assert [type(o).__name__ for o in parts if o is not window and o.parent() is None] == []
    window.runs.shutdown()


def test_a_closed_window_is_freed_with_its_state_views_and_models(qtbot, answers, project_file):
    earlier = _all_qt_objects()
    window = build_window(open_session(project_file))
    window.show()
    wait_idle(qtbot, window)  # the charts have drawn the results
    parts = {name: weakref.ref(part) for name, part in (
        ("window", window), ("state", window.state), ("runs", window.runs), ("bridge", window.runs.bridge),
        ("hover link", window.views.hover), ("overview chart", window.views.overview),
        ("assumptions model", window.assumptions.model), ("deal space", window.deal_space))}
    made = [weakref.ref(o) for o in _qt_objects_made_since(earlier)]
    assert len(made) > 50  # what the window is made of, to be freed

    window.runs.shutdown()
    window.close()
    window.deleteLater()
    del window
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()

    assert [name for name, alive in parts.items() if alive() is not None] == []
    assert [type(o).__name__ for o in (ref() for ref in made) if o is not None] == []



def test_an_answered_dialog_is_freed_though_the_window_stays_open(qtbot, window, monkeypatch):
    # A dialog is owned by its parent: left alone, every opening would stay in memory until the window closed.
    from workbench.ui.dialogs import preferences, uncertainty

    wait_idle(qtbot, window)
    state = window.state
    state.set_selection(replace(state.selection, current="Government proposal"))
    monkeypatch.setattr(preferences.PreferencesDialog, "exec", lambda d: d.reject() or 0)

    def own_range(dialog: uncertainty.UncertaintyDialog) -> int:
        dialog.shape.setCurrentIndex(dialog.shape.findData("factor_uniform"))
        dialog.low.setValue(0.7)
        dialog.high.setValue(1.3)
        dialog.note.setPlainText("a flat range, for the test")
        dialog._save()  # checks the range and accepts
        return dialog.result()
    monkeypatch.setattr(uncertainty.UncertaintyDialog, "exec", own_range)
    for _ in range(3):
        preferences.show_preferences(window)
        window.focus_parameter(HASHPRICE)
        window.assumptions.edit_uncertainty()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert [type(d).__name__ for d in window.findChildren(QDialog)] == []
    own = state.project.scenario("Government proposal").uncertainty[HASHPRICE]  # the answer was taken, then freed
    assert (own.distribution, own.low, own.high) == ("factor_uniform", 0.7, 1.3)


def test_a_document_opens_once_and_a_closed_one_is_freed(qtbot, window):
    from workbench.ui.dialogs.document import DocumentDialog
    from workbench.ui.menus import show_document

    def shown() -> list[str]:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return sorted(d.filename for d in window.findChildren(DocumentDialog))
    show_document(window, "Methodology", "methodology.md")
    show_document(window, "Methodology", "methodology.md")  # brought to the front, not opened twice
    assert shown() == ["methodology.md"]
    window.documents[0].close()
    show_document(window, "Data sources", "data.md")
    assert shown() == ["data.md"]  # the closed one is gone
    show_document(window, "Methodology", "methodology.md")
    assert shown() == ["data.md", "methodology.md"] and all(d.isVisible() for d in window.documents)
