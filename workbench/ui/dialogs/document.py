"""A document bundled with the workbench (methodology, data sources), readable offline."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

DOCS = Path(__file__).resolve().parents[3] / "docs"


class DocumentDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, filename: str) -> None:
        super().__init__(parent, windowTitle=title)
        self.filename = filename
        self.browser = QTextBrowser(openExternalLinks=True)
        path = DOCS / filename
        try:
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        except OSError as exc:
            self.browser.setPlainText(f"{path} cannot be read ({exc.strerror or exc}). Reinstall the workbench, "
                                      f"or run: python main.py docs")
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        self.resize(900, 650)
