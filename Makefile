# Federation Desk: `make run` opens the program, `make test` runs the tests. Both set up everything first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup system-deps translations demo clean

run: setup
	$(PY) main.py

test: setup
	bash packaging/system-deps.sh --with-checks
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

setup: system-deps $(STAMP) translations

system-deps:
	bash packaging/system-deps.sh

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

translations: $(STAMP)
	$(PY) scripts/i18n.py compile

demo: setup
	$(PY) main.py demo --db demo.db --force

clean:
	rm -rf $(VENV) demo.db resources/locale/*/LC_MESSAGES/*.mo
