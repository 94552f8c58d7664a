"""Charts of the window: one pyqtgraph chart per module, all reading the shared selection."""
