"""Install the system libraries Qt's window needs on Linux, when they are missing; elsewhere do nothing.

    python tools/install_linux_deps.py [--dry-run]

Run after `pip install` (it asks the installed Qt which libraries its xcb plugin cannot find).
Uses apt-get (Debian, Ubuntu) or dnf (Fedora), through sudo when not run as root. Exits 0 when
nothing is missing or the install worked, 1 when it could not install (and says what to run).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.ui import platform_check  # noqa: E402  (needs the project folder on the path)


def install_command(problem: platform_check.PlatformProblem) -> list[str] | None:
    """The package manager's command for the missing libraries, or None when there is no known one."""
    if shutil.which("apt-get") and problem.debian_packages():
        command = ["apt-get", "install", "-y", "--no-install-recommends", *problem.debian_packages()]
    elif shutil.which("dnf") and problem.fedora_packages():
        command = ["dnf", "install", "-y", *problem.fedora_packages()]
    else:
        return None
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            return None
        command.insert(0, "sudo")
    return command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print the command instead of running it")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        return 0
    # The desktop's own plugin, whatever QT_QPA_PLATFORM says for tests.
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    problem = platform_check.check({**env, "DISPLAY": env.get("DISPLAY", ":0")})
    if problem is None or not problem.missing:
        print("The libraries Qt's window needs are installed.")
        return 0
    command = install_command(problem)
    if command is None:
        print(problem.paragraph(), file=sys.stderr)
        return 1
    print("+ " + " ".join(command), flush=True)
    if args.dry_run:
        return 0
    if command[0] in ("apt-get", "sudo") and "apt-get" in command:
        subprocess.run([*command[:command.index("apt-get")], "apt-get", "update", "-qq"], check=False)
    if subprocess.run(command).returncode != 0:
        print(problem.paragraph(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
