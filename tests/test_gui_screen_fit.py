"""The window fits the screen it opens on: sized to it at first start, a saved geometry kept only if it fits.

Each start is its own process, because Qt's offscreen platform takes its screen size at start-up
(`offscreen:configfile=` with a JSON list of screens).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Opens the example project on the screen given, optionally moves and resizes the window as a user
# would, closes it (which saves the geometry) and prints the screen and window rectangles.
START = """
import json, sys
from PySide6.QtWidgets import QApplication
from workbench.session import EXAMPLE_PROJECT, open_session
from workbench.ui.app import build_window

app = QApplication([])
window = build_window(open_session(EXAMPLE_PROJECT))
window.show()
app.processEvents()
shown, client = window.frameGeometry(), window.geometry()
if len(sys.argv) > 1:
    x, y, width, height = map(int, sys.argv[1:])
    window.move(x, y)
    window.resize(width, height)
    app.processEvents()
window.runs.shutdown()
window.close()
screen = app.primaryScreen().availableGeometry()
print(json.dumps({"screen": [screen.x(), screen.y(), screen.width(), screen.height()],
                  "window": [shown.x(), shown.y(), shown.width(), shown.height()],
                  "client size": [client.width(), client.height()]}))
"""


def start(tmp_path: Path, home: Path, width: int, height: int, *user_geometry: int) -> dict[str, list[int]]:
    """The screen's available rectangle, the window's frame and its client size, as first shown."""
    screens = tmp_path / f"screen-{width}x{height}.json"
    screens.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screens}", "WORKBENCH_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", START, *map(str, user_geometry)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def inside(window: list[int], screen: list[int]) -> bool:
    x, y, width, height = window
    sx, sy, swidth, sheight = screen
    return x >= sx and y >= sy and x + width <= sx + swidth and y + height <= sy + sheight


def test_first_start_on_a_laptop_screen_fits_it(tmp_path):
    shown = start(tmp_path, tmp_path / "home", 1366, 768)
    assert shown["screen"] == [0, 0, 1366, 768]
    assert inside(shown["window"], shown["screen"]), shown
    assert shown["window"][2] >= 0.9 * 1366 and shown["window"][3] >= 0.85 * 768  # and uses most of it


def test_saved_geometry_is_restored_only_where_it_still_fits(tmp_path):
    home = tmp_path / "home"
    first = start(tmp_path, home, 1920, 1200, 100, 80, 1300, 720)  # the user's own size on a big screen
    assert inside(first["window"], first["screen"]) and first["client size"][0] == 1600  # at most 1600 wide
    again = start(tmp_path, home, 1920, 1200, 40, 30, 1800, 1100)  # restored, then made nearly full-screen
    assert again["client size"] == [1300, 720] and again["window"][:2] == [100, 80]
    laptop = start(tmp_path, home, 1366, 768)  # the same settings on a smaller screen: 1800x1100 cannot fit
    assert inside(laptop["window"], laptop["screen"]), laptop
    assert laptop["client size"] == [1297, 706]  # the first-start size: 95% x 92% of the screen
