"""Application state: the project, selection, undo stack and results cache (AppState), and undo commands."""
