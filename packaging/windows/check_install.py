"""Checks what the Windows installer laid down in a Wine prefix (used by packaging/windows/check.sh).

Usage:
    check_install.py installed PREFIX FOLDER     files, shortcuts and the uninstall entry after installing
    check_install.py data-dir PREFIX             print the office's data folder (%LOCALAPPDATA%\\FederationDesk)
    check_install.py uninstalled PREFIX FOLDER   program files, shortcuts and entry gone; data kept
    check_install.py upgrade-log LOG             a second install without /DIR wrote into the first one's folder
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

APP_ID = "7C3E0B52-5D8A-4E7B-9C43-1F0C2A6D9E11"
EXE = "federation-desk"  # the Linux build's program, installed under its own name by check.sh
SHORTCUT = "妇联工作台.lnk"
UNINSTALL_SHORTCUT = "卸载妇联工作台.lnk"


def _drive(prefix: Path) -> Path:
    return prefix / "drive_c"


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def _shortcuts(prefix: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for path in _drive(prefix).rglob("*.lnk"):
        found.setdefault(path.name, []).append(path)
    return found


def _fail(problems: list[str]) -> None:
    for problem in problems:
        print("FAIL:", problem)
    sys.exit(1)


def data_dir(prefix: Path) -> Path:
    """Return %LOCALAPPDATA%\\FederationDesk of the Wine user."""
    return _drive(prefix) / "users" / getpass.getuser() / "AppData" / "Local" / "FederationDesk"


def check_installed(prefix: Path, folder: Path) -> None:
    app = _drive(prefix) / "FederationDesk"
    problems: list[str] = []
    installed = {name for name in _files(app) if not name.startswith("unins")}
    expected = _files(folder)
    if installed != expected:
        missing, extra = sorted(expected - installed), sorted(installed - expected)
        problems.append(f"installed files differ from the build: missing {missing[:5]}, extra {extra[:5]}")
    if not any(app.glob("unins000.exe")):
        problems.append("no uninstaller in the program folder")
    shortcuts = _shortcuts(prefix)
    start = [p for p in shortcuts.get(SHORTCUT, []) if "Start Menu" in p.as_posix() and "妇联工作台" in p.parent.name]
    desktop = [p for p in shortcuts.get(SHORTCUT, []) if p.parent.name == "Desktop"]
    if not start:
        problems.append("no Start-menu shortcut 妇联工作台 in a 妇联工作台 folder")
    if not desktop:
        problems.append("no desktop shortcut 妇联工作台 (task desktopicon)")
    if not shortcuts.get(UNINSTALL_SHORTCUT):
        problems.append("no Start-menu shortcut 卸载妇联工作台")
    for link in start + desktop:
        if EXE.encode("utf-16-le") not in link.read_bytes() and EXE.encode() not in link.read_bytes():
            problems.append(f"{link.name} does not point at {EXE}")
    registry = (prefix / "system.reg").read_text(encoding="utf-8", errors="replace")
    if f"{{{APP_ID}}}_is1" not in registry:
        problems.append("no uninstall entry for the AppId in the registry")
    if problems:
        _fail(problems)
    print(f"Installed: {len(installed)} files as in the build, uninstaller, "
          f"Start-menu and desktop shortcuts to {EXE}, uninstall entry {APP_ID}")


def check_uninstalled(prefix: Path, folder: Path) -> None:
    app = _drive(prefix) / "FederationDesk"
    problems: list[str] = []
    left = _files(app) if app.exists() else set()
    if left:
        problems.append(f"program files left after uninstalling: {sorted(left)[:5]}")
    shortcuts = _shortcuts(prefix)
    if shortcuts.get(SHORTCUT) or shortcuts.get(UNINSTALL_SHORTCUT):
        problems.append("shortcuts left after uninstalling")
    if not (data_dir(prefix) / "desk.db").is_file():
        problems.append("the office's data folder was deleted although nobody said yes")
    if problems:
        _fail(problems)
    print("Uninstalled: program files and shortcuts gone, the office's data folder kept")


def check_upgrade_log(log: Path) -> None:
    lines = log.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    written = [line.split("Dest filename:", 1)[1].strip() for line in lines if "Dest filename:" in line]
    written = [name for name in written if not name.endswith(".lnk")]  # shortcuts live in the Start menu
    elsewhere = [name for name in written if not name.startswith("C:\\FederationDesk\\")]
    if not written or elsewhere:
        _fail([f"the upgrade wrote {len(written)} files, {len(elsewhere)} outside C:\\FederationDesk: {elsewhere[:3]}"])
    print(f"Upgrade: {len(written)} files replaced in the folder of the first installation")


def main() -> None:
    command, prefix = sys.argv[1], Path(sys.argv[2])
    if command == "data-dir":
        print(data_dir(prefix))
    elif command == "installed":
        check_installed(prefix, Path(sys.argv[3]))
    elif command == "upgrade-log":
        check_upgrade_log(prefix)
    elif command == "uninstalled":
        check_uninstalled(prefix, Path(sys.argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
