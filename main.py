"""Federation Desk (妇联工作台): the GUI by default, subcommands for headless work."""

import sys

from desk.cli import main as cli_main


def main() -> int:
    status = cli_main(sys.argv[1:])
    if status >= 0:
        return status
    from ui.app import run_gui

    return run_gui(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
