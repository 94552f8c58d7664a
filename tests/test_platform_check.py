"""A machine where Qt's window cannot start gets one paragraph and exit code 2, never Qt's abort."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.ui import platform_check
from workbench.ui.platform_check import PlatformProblem

ROOT = Path(__file__).resolve().parents[1]


def start(env_changes: dict[str, str | None], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WORKBENCH_HOME": str(tmp_path)}
    for key, value in env_changes.items():
        env.pop(key, None) if value is None else env.__setitem__(key, value)
    return subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def assert_explained(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)  # an abort would be -6, a core dump 134
    assert "core dumped" not in done.stderr.lower() and "Aborted" not in done.stderr
    paragraph = done.stderr.strip().splitlines()[-1]
    assert paragraph.startswith("The window cannot open: ")
    assert "python main.py run, validate, diff" in paragraph


def test_xcb_without_a_display_prints_the_paragraph_and_exits_2(tmp_path):
    done = start({"QT_QPA_PLATFORM": "xcb", "DISPLAY": None, "WAYLAND_DISPLAY": None}, tmp_path)
    assert_explained(done)
    # Either reason is the true one, depending on whether this machine has the xcb libraries.
    assert "DISPLAY is not set" in done.stderr or "sudo apt-get install" in done.stderr


def test_a_display_that_does_not_answer_exits_2_instead_of_qts_abort(tmp_path):
    done = start({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":987"}, tmp_path)  # no X server there
    assert_explained(done)
    if platform_check.check({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":987"}) is None:  # libraries here: Qt tried
        assert "could not connect to display :987" in done.stderr


def test_an_unknown_platform_names_the_ones_there_are(tmp_path):
    done = start({"QT_QPA_PLATFORM": "nosuchplatform"}, tmp_path)
    assert_explained(done)
    assert 'no platform plugin named "nosuchplatform"' in done.stderr and "offscreen" in done.stderr


def test_the_paragraph_names_the_missing_libraries_and_the_install_command_for_each_system():
    missing = ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-xkb.so.1", "libfoo.so.3")
    problem = PlatformProblem("xcb", "Qt's plugin needs libraries", missing)
    text = problem.paragraph()
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-xkb1;" in text
    assert "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms libxcb;" in text
    assert "apt-file search NAME" in text and "libfoo.so.3" in text
    assert "Windows and macOS need no extra libraries" in text
    assert "\n" not in text  # one paragraph


def test_windows_and_macos_are_never_refused():
    assert platform_check.check({"QT_QPA_PLATFORM": "xcb"}, system="win32") is None
    assert platform_check.check({}, system="darwin") is None


def test_the_requested_platform_follows_qt_rules():
    assert platform_check.requested_platform({"QT_QPA_PLATFORM": "offscreen"}) == "offscreen"
    assert platform_check.requested_platform({"QT_QPA_PLATFORM": "wayland;xcb"}) == "wayland"
    assert platform_check.requested_platform({"QT_QPA_PLATFORM": "vnc:size=800x600"}) == "vnc"
    assert platform_check.requested_platform({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}) \
        == "wayland"
    assert platform_check.requested_platform({"DISPLAY": ":0"}) == "xcb"


def test_offscreen_needs_no_display():
    assert platform_check.check({"QT_QPA_PLATFORM": "offscreen"}, system="linux") is None


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("gcc") is None, reason="needs Linux and gcc")
def test_missing_libraries_lists_every_library_the_loader_cannot_find(tmp_path):
    # A real shared object that needs two libraries, both gone by the time it is checked.
    for name in ("workbenchabsenta", "workbenchabsentb"):
        (tmp_path / f"{name}.c").write_text(f"int {name}(void) {{ return 1; }}\n")
        subprocess.run(["gcc", "-shared", "-fPIC", f"-Wl,-soname,lib{name}.so.1", "-o", str(tmp_path / f"lib{name}.so"),
                        str(tmp_path / f"{name}.c")], check=True)
    (tmp_path / "plugin.c").write_text("int workbenchabsenta(void); int workbenchabsentb(void);\n"
                                       "int plugin(void) { return workbenchabsenta() + workbenchabsentb(); }\n")
    plugin = tmp_path / "libqfake.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-Wl,--no-as-needed", "-o", str(plugin), str(tmp_path / "plugin.c"),
                    f"-L{tmp_path}", "-lworkbenchabsenta", "-lworkbenchabsentb"], check=True)
    for name in ("workbenchabsenta", "workbenchabsentb"):
        (tmp_path / f"lib{name}.so").unlink()
    assert platform_check.missing_libraries(plugin) == ["libworkbenchabsenta.so.1", "libworkbenchabsentb.so.1"]


def test_a_plugin_that_loads_has_nothing_missing():
    plugin = platform_check.plugin_file("offscreen")
    assert plugin is not None and platform_check.missing_libraries(plugin) == []


def test_install_script_does_nothing_when_nothing_is_missing_or_prints_the_command(tmp_path):
    done = subprocess.run([sys.executable, "tools/install_linux_deps.py", "--dry-run"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode in (0, 1), done.stderr
    missing = platform_check.check({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"})
    if missing is None:
        assert done.stdout.strip() == "The libraries Qt's window needs are installed."
    else:  # CI machines without a desktop: the command for exactly those packages
        assert done.returncode == 1 or " ".join(missing.debian_packages()) in done.stdout


def test_install_command_uses_the_systems_package_manager(monkeypatch):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import install_linux_deps
    finally:
        sys.path.remove(str(ROOT / "tools"))
    problem = PlatformProblem("xcb", "r", ("libxcb-cursor.so.0", "libxcb-icccm.so.4"))
    monkeypatch.setattr(install_linux_deps.shutil, "which",
                        lambda tool: f"/usr/bin/{tool}" if tool != "apt-get" else None)
    monkeypatch.setattr(install_linux_deps.os, "geteuid", lambda: 1000)
    assert install_linux_deps.install_command(problem) == ["sudo", "dnf", "install", "-y", "xcb-util-cursor",
                                                           "xcb-util-wm"]
    monkeypatch.setattr(install_linux_deps.shutil, "which", lambda tool: f"/usr/bin/{tool}")
    monkeypatch.setattr(install_linux_deps.os, "geteuid", lambda: 0)
    assert install_linux_deps.install_command(problem) == ["apt-get", "install", "-y", "--no-install-recommends",
                                                           "libxcb-cursor0", "libxcb-icccm4"]
