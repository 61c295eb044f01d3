"""Federation Desk (妇联工作台): the GUI by default, subcommands for headless work."""

import os
import sys


def _arm_smoke_test() -> None:
    """With DESK_SMOKE_QUIT_MS set, quit the GUI after that many milliseconds (packaging smoke test)."""
    delay = os.environ.get("DESK_SMOKE_QUIT_MS")
    if not delay:
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    # exit() ends every running event loop, a login or setup dialog's included.
    QTimer.singleShot(int(delay), lambda: (print("smoke-test: GUI started", flush=True), app.exit(0)))


def main() -> int:
    from desk.console import gui_options

    if gui_options(sys.argv[1:]) is None:  # a command (or a line to refuse): the full parser and its areas
        from desk.cli import main as cli_main

        status = cli_main(sys.argv[1:])
        if status >= 0:
            return status
    _arm_smoke_test()
    from ui.app import run_gui

    return run_gui(sys.argv)


if __name__ == "__main__":
    # The big jobs run in child processes started with "spawn" (desk/background.py).  In the packaged
    # program a child is this executable started again with multiprocessing's arguments: this call runs
    # the child's job and exits before the command line is parsed.  A plain "python main.py" returns at once.
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
