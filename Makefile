# Clippings: the two commands a new user needs are `make run` and `make check`.
# Both install the Debian 12 packages that are missing (with apt-get, as root
# or through sudo), configure meson in build/ and compile.

BUILD ?= build
MESON_OPTIONS ?=

# To build and run the application.
BUILD_PACKAGES = gcc libc6-dev make pkg-config meson ninja-build gettext \
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libwebkitgtk-6.0-dev \
  libsqlite3-dev libxml2-dev libjson-glib-dev libqpdf-dev \
  desktop-file-utils appstream libglib2.0-bin \
  adwaita-icon-theme fonts-cantarell fonts-noto-core
# To run the tests: a virtual display and session bus for the GUI tests, and
# the tools the tests check files with.
CHECK_PACKAGES = xvfb xauth dbus dbus-x11 libxml2-utils poppler-utils sqlite3 cmark \
  python3 imagemagick

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all run check bench torture deps check-deps build clean

all: build

# Installs what is missing, and says what it installs. A fresh machine has
# empty package lists, so they are updated before the first install.
define install_missing
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${db:Status-Status}' $$p 2>/dev/null | grep -qx installed || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	else \
	  echo "The Debian packages Clippings needs are installed."; \
	fi
endef

deps:
	$(call install_missing,$(BUILD_PACKAGES))

check-deps:
	$(call install_missing,$(BUILD_PACKAGES) $(CHECK_PACKAGES))

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_OPTIONS)

build: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

# Opens Clippings on the default archive in the user's data folder.
run: build
	meson devenv -C $(BUILD) --workdir . $(CURDIR)/$(BUILD)/src/ui/clippings

# Every test; the GUI tests get a virtual display and their own session bus.
check: check-deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)
	xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
	  meson test -C $(BUILD) --print-errorlogs --num-processes 2

# The benchmarks of issue 6 at full size (100,000 articles, 2 million
# comments; BENCH_SCALE=0.01 for a quick run, BENCH_OPTIONS for more, see
# `$(BUILD)/tests/bench/bench --help`). Archives and databases go to $(BUILD)/bench;
# the table is printed at the end. The reading view and the window need a
# display: the whole run gets a virtual one and its own session bus, with
# the settings the GUI tests use.
bench: check-deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)
	env GSETTINGS_SCHEMA_DIR=$(BUILD)/data GSETTINGS_BACKEND=memory GSK_RENDERER=cairo \
	  WEBKIT_DISABLE_COMPOSITING_MODE=1 NO_AT_BRIDGE=1 \
	  xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- \
	  $(BUILD)/tests/bench/bench --dir $(BUILD)/bench $(BENCH_OPTIONS)

# The crash trials of issue 11 at length: $(TORTURE_TRIALS) imports killed at
# random moments (one in five the window's) and 100 power cuts on each commit
# path (import, merge, migrations). Each test prints its counts.
TORTURE_TRIALS ?= 500
torture: check-deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)
	xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
	  env CLIPPINGS_CRASH_TRIALS=$(TORTURE_TRIALS) CLIPPINGS_POWER_TRIALS=100 \
	  meson test -C $(BUILD) --suite safety --timeout-multiplier 0 --verbose crash power-cut

clean:
	rm -rf $(BUILD)
