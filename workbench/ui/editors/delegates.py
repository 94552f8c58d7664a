"""One cell editor per parameter kind, for every table that edits catalogue values.

Choices and flags get a combo box that commits as soon as one is picked; numbers, months and
text get a line edit whose placeholder names the unit and the allowed range. Whatever is typed
goes to the model as text; the model parses it and the catalogue checks it, so an editor never
decides on its own what is valid.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem,
                               QWidget)

from workbench.core import entry
from workbench.core.parameters import CHOICE, FLAG, INTEGER, MONTH_SET, NUMBER, Parameter
from workbench.ui.style import PARAMETER_ROLE

Index = QModelIndex | QPersistentModelIndex
OFF = "off"
# Start editing the way spreadsheet users expect: double-click, F2, or simply typing over a cell.
EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                 | QAbstractItemView.EditTrigger.AnyKeyPressed)


def placeholder(p: Parameter) -> str:
    if p.kind in (NUMBER, INTEGER):
        return f"{entry.bounds(p) or p.unit}{'; empty = off' if p.optional else ''}"
    if p.kind == MONTH_SET:
        return "e.g. Dec, Jan or May-Sep; empty = none"
    return p.label


class CatalogueDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        p: Parameter | None = index.data(PARAMETER_ROLE)
        if p is None:
            return super().createEditor(parent, option, index)
        if p.kind in (CHOICE, FLAG):
            combo = QComboBox(parent)
            options = [(entry.choice_word(c), c) for c in p.choices] if p.kind == CHOICE else [("yes", "yes"),
                                                                                                ("no", "no")]
            for text, code in options + ([("off", OFF)] if p.optional else []):
                combo.addItem(text, code)
            combo.activated.connect(lambda _i, c=combo: (self.commitData.emit(c), self.closeEditor.emit(c)))
            return combo
        line = QLineEdit(parent)
        line.setPlaceholderText(placeholder(p))
        line.setToolTip(f"{p.label}: {placeholder(p)}")
        return line

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            p: Parameter = index.data(PARAMETER_ROLE)
            at = editor.findText(text)
            editor.setCurrentIndex(at if at >= 0 else editor.findData(OFF) if p.optional else 0)
        elif isinstance(editor, QLineEdit):
            editor.setText(str(text))
            editor.selectAll()
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, "" if editor.currentData() == OFF else editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
