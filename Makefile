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
# To run the tests: a virtual display and session bus for the GUI tests,
# xdotool for their real clicks and keys, and the tools the tests check
# files with.
CHECK_PACKAGES = xvfb xauth dbus dbus-x11 libxml2-utils poppler-utils sqlite3 cmark \
  python3 imagemagick xdotool
# To fuzz: clang with libFuzzer and the sanitizers' runtimes.
FUZZ_PACKAGES = clang libclang-rt-14-dev python3
# For `make valgrind`.
VALGRIND_PACKAGES = valgrind

# The second build of `make check`, with ASan and UBSan (gcc's), and the
# environment its tests run in: leaks are errors, so is undefined
# behaviour, and GLib's slice allocator hands memory to malloc so that a
# leaked object is seen as one.
SANITIZE_BUILD ?= build-sanitize
SANITIZE_ENV = G_SLICE=always-malloc ASAN_OPTIONS=detect_leaks=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0

# `make fuzz`: each fuzz target for FUZZ_SECONDS, in a build of its own
# (clang, libFuzzer, ASan and UBSan). FUZZ_TARGETS=NAME… runs only those
# (tests/fuzz/meson.build lists them).
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all run check bench fuzz valgrind torture deps check-deps fuzz-deps valgrind-deps build clean

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

fuzz-deps:
	$(call install_missing,$(BUILD_PACKAGES) $(FUZZ_PACKAGES))

valgrind-deps:
	$(call install_missing,$(BUILD_PACKAGES) $(VALGRIND_PACKAGES))

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_OPTIONS)

build: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

# Opens Clippings on the default archive in the user's data folder.
run: build
	meson devenv -C $(BUILD) --workdir . $(CURDIR)/$(BUILD)/src/ui/clippings

$(SANITIZE_BUILD)/build.ninja:
	meson setup $(SANITIZE_BUILD) -Dgui=false -Db_sanitize=address,undefined

# Every test; the GUI tests get a virtual display and their own session bus.
# Then the core, CLI and fuzz-replay tests again, built with AddressSanitizer
# and UndefinedBehaviorSanitizer, leaks checked (tests/lsan.supp says which
# leaks of system libraries are not ours). Both runs run, whatever the
# first gives.
check: check-deps $(BUILD)/build.ninja $(SANITIZE_BUILD)/build.ninja
	meson compile -C $(BUILD)
	meson compile -C $(SANITIZE_BUILD)
	@status=0; \
	xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
	  meson test -C $(BUILD) --print-errorlogs --num-processes 2 || status=1; \
	echo "Sanitizer build ($(SANITIZE_BUILD)): core, CLI and fuzz-replay tests"; \
	env $(SANITIZE_ENV) meson test -C $(SANITIZE_BUILD) --suite core --suite fuzz \
	  --print-errorlogs --num-processes 2 || status=1; \
	exit $$status

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

$(FUZZ_BUILD)/build.ninja:
	CC=clang meson setup $(FUZZ_BUILD) -Dfuzzing=true -Dgui=false \
	  -Db_sanitize=address,undefined -Db_lundef=false

# New crashers land in tests/fuzz/corpus/NAME/ and replay in `make check`.
fuzz: fuzz-deps $(FUZZ_BUILD)/build.ninja
	meson compile -C $(FUZZ_BUILD)
	nice -n 19 tests/fuzz/run-fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# clippings-cli under valgrind --leak-check=full: importing each format,
# exporting each (but PDF); every run must lose 0 bytes definitely.
valgrind: valgrind-deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)
	nice tests/valgrind/run-valgrind.sh $(BUILD)

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
	rm -rf $(BUILD) $(SANITIZE_BUILD) $(FUZZ_BUILD)
