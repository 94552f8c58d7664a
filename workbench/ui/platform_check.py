"""Before the window opens: can Qt's platform plugin load on this machine?

Qt aborts the process (and may dump core) when its platform plugin cannot load, after a message
that names neither the missing libraries nor how to get them. This module finds out first, without
importing Qt, and says in one paragraph what is missing and which command installs it.
"""
from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

# Platforms that draw without a display server (tests, screenshots, kiosks).
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"})

# The libraries Qt's xcb and wayland plugins need beyond a minimal system: soname -> (Debian/Ubuntu, Fedora).
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
    "libwayland-egl.so.1": ("libwayland-egl1", "libwayland-egl"),
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_CANNOT_OPEN = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")


@dataclass(frozen=True)
class PlatformProblem:
    """Why the window cannot open here, and what to do about it."""
    platform: str
    reason: str
    missing: tuple[str, ...] = ()

    def debian_packages(self) -> list[str]:
        return _unique(PACKAGES[name][0] for name in self.missing if name in PACKAGES)

    def fedora_packages(self) -> list[str]:
        return _unique(PACKAGES[name][1] for name in self.missing if name in PACKAGES)

    def unknown(self) -> list[str]:
        return [name for name in self.missing if name not in PACKAGES]

    def paragraph(self) -> str:
        parts = [f"The window cannot open: {self.reason}."]
        if self.missing:
            debian, fedora = self.debian_packages(), self.fedora_packages()
            if debian:
                parts.append(f"On Debian or Ubuntu install them with: sudo apt-get install {' '.join(debian)}; "
                             f"on Fedora: sudo dnf install {' '.join(fedora)}; "
                             f"or run: python tools/install_linux_deps.py.")
            if self.unknown():
                parts.append(f"To find the package for {', '.join(self.unknown())}: apt-file search NAME (Debian, "
                             f"Ubuntu) or dnf provides '*/NAME' (Fedora).")
            parts.append("Windows and macOS need no extra libraries.")
        parts.append("The command line (python main.py run, validate, diff) works without a window.")
        return " ".join(parts)


def check(env: Mapping[str, str] | None = None, system: str | None = None) -> PlatformProblem | None:
    """The reason Qt's platform plugin would fail to start here, or None when it should start."""
    env = os.environ if env is None else env
    if not (system or sys.platform).startswith("linux"):
        return None  # Windows and macOS wheels carry everything Qt needs
    platform = requested_platform(env)
    plugin = plugin_file(platform)
    if plugin is None:
        known = ", ".join(sorted(available_platforms())) or "none"
        return PlatformProblem(platform, f'Qt has no platform plugin named "{platform}" (QT_QPA_PLATFORM); '
                                         f"available: {known}")
    missing = missing_libraries(plugin)
    if missing:
        return PlatformProblem(platform, f'Qt\'s "{platform}" platform plugin needs system libraries that are not '
                                         f"installed: {', '.join(missing)}", tuple(missing))
    if platform == "xcb" and not env.get("DISPLAY"):
        return PlatformProblem(platform, "there is no X display (DISPLAY is not set); start the workbench from a "
                                         "desktop session, or set QT_QPA_PLATFORM=offscreen to draw without a screen")
    if platform == "wayland" and not env.get("WAYLAND_DISPLAY"):
        return PlatformProblem(platform, "there is no Wayland display (WAYLAND_DISPLAY is not set); start the "
                                         "workbench from a desktop session")
    return None


def requested_platform(env: Mapping[str, str]) -> str:
    """The plugin Qt will try first: QT_QPA_PLATFORM's first entry, else Wayland in a Wayland session, else xcb."""
    requested = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if requested:
        return requested
    if env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb"


def plugins_folder() -> Path | None:
    spec = importlib.util.find_spec("PySide6")  # finds the package without loading Qt
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "Qt" / "plugins" / "platforms"


def available_platforms() -> list[str]:
    folder = plugins_folder()
    if folder is None or not folder.is_dir():
        return []
    return [p.name[len("libq"):-len(".so")] for p in folder.glob("libq*.so")]


def plugin_file(platform: str) -> Path | None:
    folder = plugins_folder()
    candidate = folder / f"libq{platform}.so" if folder else None
    return candidate if candidate is not None and candidate.is_file() else None


def missing_libraries(library: Path) -> list[str]:
    """Shared libraries `library` needs that the dynamic loader cannot find (empty when it loads)."""
    try:
        ctypes.CDLL(str(library))  # the quick answer: the libraries load, so Qt will load them too
        return []
    except OSError as exc:
        first = _CANNOT_OPEN.findall(str(exc))
    ldd = shutil.which("ldd")
    if ldd is not None:
        try:
            listing = subprocess.run([ldd, str(library)], capture_output=True, text=True, timeout=20).stdout
            found = _unique(_NOT_FOUND.findall(listing))
            if found:
                return found
        except (OSError, subprocess.SubprocessError):
            pass
    return first or [f"(a library of {library.name})"]


def _unique(items) -> list[str]:  # type: ignore[no-untyped-def]
    return list(dict.fromkeys(items))
