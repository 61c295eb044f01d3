# Federation Desk: `make run` opens the program, `make test` runs the tests. Both set up everything first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint setup system-deps translations demo clean package package-folder package-test package-windows-check \
	guide guide-screenshots

run: setup
	$(PY) main.py

test: setup lint
	bash packaging/system-deps.sh --with-checks || echo "Optional check tools (xvfb, poppler-utils) missing: PDF font checks will be skipped."
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# The tree must pass the linter and the type checker (settings in pyproject.toml) before the tests run.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

setup: system-deps $(STAMP) translations

system-deps:
	bash packaging/system-deps.sh

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

translations: $(STAMP)
	$(PY) scripts/i18n.py compile

BUILD_STAMP := $(VENV)/.build-installed

$(BUILD_STAMP): $(STAMP) requirements-build.txt
	$(PY) -m pip install --quiet -r requirements-build.txt
	touch $(BUILD_STAMP)

# The user guide's PDF (docs/用户手册.pdf, shipped with the installers) from docs/用户手册.md.
guide: setup
	$(PY) -m desk.reports.guide docs/用户手册.pdf

# Remakes the guide's screenshots (docs/guide/*.png) from the demo at 1366×768 on a virtual screen.
guide-screenshots: setup
	bash packaging/system-deps.sh --with-checks
	xvfb-run -a -s "-screen 0 1366x768x24" $(PY) scripts/guide_screenshots.py

# The one-folder build of the program (dist/federation-desk), with the user guide.
package-folder: setup guide $(BUILD_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build packaging/federation-desk.spec

# The Linux one-folder build and its .deb package.
package: package-folder
	bash packaging/linux/build-deb.sh

# Compiles the Windows installer script under Wine against the one-folder build's files, installs
# it silently into a throwaway Wine prefix, upgrades and uninstalls it, and checks what it lays
# down (packaging/windows/check.sh). Installs Wine as root. Takes 15 minutes or more: not in CI.
package-windows-check: package-folder
	bash packaging/windows/check.sh dist/federation-desk

# Builds the package, then runs it with no Python: demo database, summary PDF, GUI start and quit.
package-test: package
	bash packaging/smoke-test.sh

demo: setup
	$(PY) main.py demo --db demo.db --force

# Benchmarks at scale 100 (a region: a million people and petitions); writes bench/results.md.
.PHONY: bench bench-peer bench-postgres
bench: setup
	$(PY) -m bench

# List open, search and save on PostgreSQL at scale 100 beside SQLite, in one run (a throwaway server;
# the postgresql package: `packaging/system-deps.sh --with-checks` as root). Its own section of bench/results.md.
bench-postgres: setup
	bash packaging/system-deps.sh --with-checks
	$(PY) -m bench postgres

# The mail-merge peer the certificates figure is compared with (Debian, as root): LibreOffice headless.
bench-peer:
	command -v soffice >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		apt-get install -y --no-install-recommends libreoffice-writer-nogui; }

clean:
	rm -rf $(VENV) build dist demo.db docs/用户手册.pdf resources/locale/*/LC_MESSAGES/*.mo
