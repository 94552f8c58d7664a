"""Build everything needed to install the workbench on a laptop with no network.

    python tools/build_offline_bundle.py OUTDIR [--platform linux-x86_64|windows-x86_64|macos-arm64|macos-x86_64]
                                                [--python-version 3.11] [--no-app]

Run it on a machine that reaches PyPI. OUTDIR receives:
  wheelhouse/            every wheel the app and its tests need, for the chosen platform and Python
  app/                   the workbench itself (code, data set, example projects, docs, tests)
  install-offline.sh     installs from wheelhouse/ into OUTDIR/venv with `pip install --no-index`
  install-offline.bat    the same on Windows
  workbench/             a one-folder application built by PyInstaller, which needs no Python at all
                         (only when building for this machine's own platform: PyInstaller cannot cross-build)
  README.txt             what is where, and the commands to run
Default platform and Python: this machine's own.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_CONTENT = ("main.py", "pyproject.toml", "README.md",
               "workbench", "resources", "scenarios", "docs", "tests", "tools")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "*.wbrecovery*", "*.bak", ".pytest_cache")

# pip's platform tags for each target, newest first: every glibc a current Linux wheel may ask for, every macOS.
def _manylinux(arch: str) -> list[str]:
    return [f"manylinux_2_{minor}_{arch}" for minor in range(39, 16, -1)] + [f"manylinux2014_{arch}"]


def _macos(arch: str) -> list[str]:
    return [f"macosx_{major}_0_{kind}" for major in range(15, 10, -1) for kind in (arch, "universal2")] + \
        [f"macosx_10_{minor}_{kind}" for minor in range(15, 8, -1) for kind in (arch, "universal2")]


PLATFORMS = {
    "linux-x86_64": _manylinux("x86_64"),
    "linux-aarch64": _manylinux("aarch64"),
    "windows-x86_64": ["win_amd64"],
    "macos-arm64": _macos("arm64"),
    "macos-x86_64": _macos("x86_64"),
}

INSTALL_SH = """#!/bin/sh
# Install the Grid & Tariff Scenario Workbench with no network, into a virtual environment beside this script.
# Uses python3 (3.11 or newer), or the interpreter named by PYTHON.
set -e
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"
"$python" -m venv "$here/venv"
"$here/venv/bin/python" -m pip install --no-index --find-links "$here/wheelhouse" -e "$here/app[test]"
echo "Installed. Open the window:  $here/venv/bin/python $here/app/main.py"
echo "Run the tests offline:       cd $here/app && ../venv/bin/python -m pytest -m 'not network'"
"""

INSTALL_BAT = """@echo off
rem Install the Grid & Tariff Scenario Workbench with no network, into a virtual environment beside this script.
rem Uses "py -3" (Python 3.11 or newer), or the interpreter named by PYTHON.
setlocal
set "here=%~dp0"
if "%PYTHON%"=="" set "PYTHON=py -3"
%PYTHON% -m venv "%here%venv" || exit /b 1
"%here%venv\\Scripts\\python.exe" -m pip install --no-index --find-links "%here%wheelhouse" -e "%here%app[test]" ^
    || exit /b 1
echo Installed. Open the window:  "%here%venv\\Scripts\\python.exe" "%here%app\\main.py"
"""


def this_platform() -> str:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower().replace("amd64", "x86_64").replace("arm64", "aarch64")
    if system == "macos" and machine == "aarch64":
        machine = "arm64"
    return f"{system}-{machine}"


def requirements() -> list[str]:
    """The app's and its tests' requirements, and what pip needs to install the app itself."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [*project["project"]["dependencies"], *project["project"]["optional-dependencies"]["test"],
            *project["build-system"]["requires"]]


def download_wheels(wheelhouse: Path, target: str, python_version: str) -> None:
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
               "--only-binary=:all:", "--dest", str(wheelhouse)]
    if target != this_platform() or python_version != f"{sys.version_info.major}.{sys.version_info.minor}":
        abi = "cp" + python_version.replace(".", "")
        command += [arg for tag in PLATFORMS[target] for arg in ("--platform", tag)]
        command += ["--python-version", python_version, "--implementation", "cp", "--abi", abi, "--abi", "abi3",
                    "--abi", "none"]
    subprocess.run([*command, *requirements()], check=True)


def copy_app(destination: Path) -> None:
    destination.mkdir(parents=True)
    for name in APP_CONTENT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=IGNORED)
        else:
            shutil.copy2(source, destination / name)


def build_application(outdir: Path) -> Path:
    """The PyInstaller one-folder application, in OUTDIR/workbench."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit("PyInstaller is not installed here: python -m pip install -e '.[test]', or pass --no-app")
    with tempfile.TemporaryDirectory(prefix="workbench-pyinstaller-") as work:
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                        "--distpath", str(outdir), "--workpath", work, str(ROOT / "tools" / "workbench.spec")],
                       check=True)
    return outdir / "workbench"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def write_readme(outdir: Path, target: str, python_version: str, app: Path | None) -> None:
    lines = [
        "Grid & Tariff Scenario Workbench: offline bundle",
        f"Built {time.strftime('%Y-%m-%d')} for {target}, Python {python_version}.",
        "",
        "Install with no network (Python 3.11 or newer must be on the laptop):",
        "  Linux, macOS:  sh install-offline.sh",
        "  Windows:       install-offline.bat",
        "This creates venv/ beside the script and installs the workbench from wheelhouse/; keep app/ where it is.",
        "The example project is app/scenarios/pakistan-2000mw.wbproj; the documentation is in app/docs/.",
    ]
    if app is not None:
        program = "workbench\\workbench.exe" if target.startswith("windows") else "workbench/workbench"
        lines += ["", f"Or, with no Python at all, run {program} (the window; add 'run FILE' etc. for the",
                  "command line). Its example project and docs are in workbench/_internal/scenarios and docs."]
    if target.startswith("linux"):
        lines += ["", "On Linux the window needs the X libraries of a desktop; on a minimal system:",
                  "  sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 (Debian, Ubuntu)"]
    (outdir / "README.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--platform", choices=sorted(PLATFORMS), default=this_platform())
    parser.add_argument("--python-version", default=f"{sys.version_info.major}.{sys.version_info.minor}")
    parser.add_argument("--no-app", action="store_true", help="skip the PyInstaller application")
    args = parser.parse_args(argv)
    outdir: Path = args.outdir.resolve()
    if outdir.exists() and any(outdir.iterdir()):
        parser.error(f"{outdir} is not empty; give a new or empty folder")
    outdir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    download_wheels(outdir / "wheelhouse", args.platform, args.python_version)
    copy_app(outdir / "app")
    (outdir / "install-offline.sh").write_text(INSTALL_SH, encoding="utf-8", newline="\n")
    (outdir / "install-offline.sh").chmod(0o755)
    (outdir / "install-offline.bat").write_text(INSTALL_BAT, encoding="utf-8", newline="\r\n")
    app = None
    if not args.no_app:
        if args.platform == this_platform():
            app = build_application(outdir)
        else:
            print(f"note: no application folder: PyInstaller builds only for the machine it runs on "
                  f"({this_platform()}); run this script on {args.platform} for one.", file=sys.stderr)
    write_readme(outdir, args.platform, args.python_version, app)
    wheels = sorted((outdir / "wheelhouse").glob("*.whl"))
    print(f"{outdir}: {len(wheels)} wheels, {folder_size(outdir / 'wheelhouse') / 1e6:,.0f} MB"
          + (f"; application folder {folder_size(app) / 1e6:,.0f} MB" if app else "")
          + f"; built in {time.monotonic() - started:,.0f} s")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    sys.exit(main())
