"""Autosave to a recovery file, and the offer to restore one after a crash.

While the project has unsaved changes, they are written to this instance's recovery slot
(workbench.io.recovery) every 30 s and 2 s after each burst of edits. A clean save, a
deliberate discard and a clean exit remove the file; only a crash leaves it, and the next
start (or the next open of that project) offers it back with its time.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from workbench.core.errors import WorkbenchError
from workbench.io import recovery
from workbench.io.project_file import dumps
from workbench.session import EXAMPLE_PROJECT
from workbench.ui import ask
from workbench.ui.state.app_state import AppState

PERIOD_MS = 30_000
AFTER_BURST_MS = 2_000


class Autosave(QObject):
    written = Signal(str)  # the recovery file's path, after each write
    failed = Signal(str)

    def __init__(self, state: AppState, data_folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state, self.data_folder = state, data_folder
        self._slot: recovery.RecoveryFile | None = None
        self._slot_for: tuple[Path, str] | None = None
        self._pending = False
        self._period = QTimer(self, interval=PERIOD_MS, timeout=self.write_if_pending)
        self._burst = QTimer(self, singleShot=True, interval=AFTER_BURST_MS, timeout=self.write_if_pending)
        self._period.start()
        state.projectChanged.connect(self._on_change)
        state.dirtyChanged.connect(lambda dirty: None if dirty else self.forget_current())

    def where(self, path: Path | None) -> tuple[Path, str]:
        """Folder and name stem of the recovery copies of the project at `path` (None: untitled)."""
        if path is not None and path.resolve() == EXAMPLE_PROJECT.resolve():  # the shipped example stays untouched
            return recovery.location(None, self.data_folder)[0], "example"
        return recovery.location(path, self.data_folder)

    def _on_change(self, _change: object) -> None:
        # The undo stack marks itself unsaved only after the command ran, so dirtiness is judged at write time.
        self._pending = True
        self._burst.start()

    def write_if_pending(self) -> None:
        if self._pending and self.state.dirty:
            self.write_now()
        self._pending = False

    def write_now(self) -> None:
        where = self.where(self.state.path)
        try:
            if self._slot is None or self._slot_for != where:
                self.release()
                self._slot, self._slot_for = recovery.RecoveryFile.claim(*where), where
            self._slot.write(dumps(self.state.project, dict(self.state.dataset.identity)), self.state.path)
        except OSError as exc:
            self.failed.emit(f"Unsaved work could not be copied for recovery: {exc.strerror or exc}")
            return
        self._pending = False
        self.written.emit(str(self._slot.path))

    @property
    def copy_path(self) -> Path | None:
        """Where this instance's recovery copy is, while it has one."""
        return self._slot.path if self._slot is not None and self._slot.path.exists() else None

    def forget_current(self) -> None:
        """The work was saved or deliberately discarded: no recovery copy of it is needed."""
        self._pending = False
        self._burst.stop()
        if self._slot is not None:
            self._slot.discard()

    def release(self) -> None:
        """Clean exit: remove this instance's recovery file and give up its slot."""
        if self._slot is not None:
            self._slot.release()
            self._slot, self._slot_for = None, None

    # ------------------------------------------------------------------ after a crash

    def offer_recovery(self, parent: QWidget | None, path: Path | None, untitled_too: bool = False) -> bool:
        """Offer unsaved work a crashed instance left for ``path`` (and for untitled projects, at start-up)."""
        places = dict.fromkeys([self.where(path)] + ([self.where(None)] if untitled_too else []))
        found = [o for place in places for o in recovery.orphans(*place)]
        restored = False
        for orphan in found:
            if restored:
                orphan.release()  # one restore per start: the rest are offered next time
                continue
            label = orphan.project_path or "an untitled project"
            if not ask.restore_recovery(parent, _when(orphan.saved_at), Path(label).name):
                recovery.forget(orphan)
                continue
            try:
                project = recovery.restore(orphan, self.state.catalogue)
            except WorkbenchError as exc:
                ask.problem(parent, "Cannot restore", str(exc))
                orphan.release()
                continue
            self.state.load(project, Path(orphan.project_path) if orphan.project_path else None, restored=True)
            self._pending = True
            self.write_now()  # this instance holds a copy of that work before the orphan goes
            recovery.forget(orphan)
            restored = True
        return restored


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d %b %Y, %H:%M")
    except ValueError:
        return iso or "an unknown time"
