# Each target bootstraps .venv from python3 on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/claimmark

# The whole suite (the window offscreen), then the window's tests again on the real X platform, where
# mouse drags, focus and standard keys behave as on a desktop (apt: xvfb xauth and the xcb libraries).
test: $(STAMP)
	$(BIN)/python -m pytest -q
	@if command -v xvfb-run >/dev/null; then \
	    echo "== the window's tests on X11 (xcb under Xvfb) =="; \
	    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python -m pytest -q -p no:cacheprovider tests/gui; \
	elif [ -n "$$CI" ]; then \
	    echo "claimmark: error: xvfb-run is missing on CI (.ci/run installs xvfb)" >&2; exit 1; \
	else \
	    echo "SKIPPED: the window's tests on X11: xvfb-run not installed (apt-get install xvfb xauth)"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check documents storage claimmark gui
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

# The README's pictures of the real window, under Xvfb (apt: xvfb xauth and the xcb libraries).
screenshots: $(STAMP)
	QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python -m gui.screenshots

clean:
	rm -rf $(VENV) build *.egg-info
