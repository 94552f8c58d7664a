"""The Qt application: shows and edits engine values; never computes on the GUI thread."""
