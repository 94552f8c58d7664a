"""A view's selection as tab-separated text, with its column headers, that pastes cleanly into Excel."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from workbench.ui.style import COPY_ROLE


def _clean(text: object) -> str:
    return str(text if text is not None else "").replace("\t", " ").replace("\r", " ").replace("\n", " ")


def selection_tsv(view: QAbstractItemView) -> str:
    """Selected cells as rows and columns (gaps left empty); the header row first."""
    indexes = view.selectionModel().selectedIndexes() if view.selectionModel() else []
    if not indexes:
        return ""
    model = view.model()
    rows = sorted({(i.parent().row(), i.row()) for i in indexes})
    columns = sorted({i.column() for i in indexes})
    cells = {(i.parent().row(), i.row(), i.column()): i for i in indexes}
    lines = ["\t".join(_clean(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns)]
    for parent_row, row in rows:
        texts = []
        for c in columns:
            index = cells.get((parent_row, row, c))
            copied = index.data(COPY_ROLE) if index is not None else None
            texts.append(_clean(copied if copied is not None else index.data() if index is not None else ""))
        lines.append("\t".join(texts))
    return "\n".join(lines) + "\n"
