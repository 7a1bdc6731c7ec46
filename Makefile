# Entry points. Every target installs what is missing first (scripts/setup.sh is idempotent).
#   make demo   install, build, run the pipeline on the simulated market, print where results are
#   make test   install, build, run every test (plus a brief libFuzzer run of the provider reply parsers under
#               CI=true; SANITIZE=1 adds the ASan+UBSan unit tests)
#   make bench  install, build, run the end-to-end benchmark (bench/README.md)
#   make dashboard  build qtp and the dashboard (web/), serve both over the demo store (DEMO_DIR) at
#               http://127.0.0.1:8700/ (DASHBOARD_HOST, DASHBOARD_PORT; docs/dashboard.md)
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
DEMO_DIR ?= demo
CMAKE_GENERATOR ?= Ninja
space := $(subst ,, )

.PHONY: all setup build demo dashboard test test-release test-asan fuzz bench clean-build

all: build

setup:
	@bash scripts/setup.sh

$(BUILD)/build.ninja: CMakeLists.txt | setup
	@cmake -S . -B $(BUILD) -G $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: setup $(BUILD)/build.ninja
	@start=$$(date +%s); cmake --build $(BUILD) -j $(JOBS) && echo "build: $(BUILD) up to date in $$(( $$(date +%s) - start )) s"

demo: build
	@bash scripts/demo.sh $(BUILD)/apps/qtp/qtp $(DEMO_DIR)

DASHBOARD_PORT ?= 8700
DASHBOARD_HOST ?= 127.0.0.1
dashboard: build
	@bash scripts/dashboard.sh $(BUILD)/apps/qtp/qtp $(DEMO_DIR) $(DASHBOARD_PORT) $(DASHBOARD_HOST)

test-release: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600

# The data layer's unit tests under AddressSanitizer + UndefinedBehaviorSanitizer: the modules that parse and
# buffer outside input (core, calendar, config, the store and its DuckDB adapter, ingest, the simulator,
# import, the providers, cleaning), built alone. The analytics above them (features to serving) run in the
# Release pass only: sanitizing the whole tree and its end-to-end suites took the 2-core CI past an hour.
# SANITIZE_ALL=1 widens the pass to every unit test. -O1 -g1 keeps line tables for the reports' stack traces.
ASAN_MODULES ?= core calendar config store ingest simulate import providers clean
ASAN_TARGETS = $(addsuffix _test,$(ASAN_MODULES))
ASAN_SKIP ?= ^$$
ifneq ($(SANITIZE_ALL),)
ASAN_MODULES := core calendar config store ingest simulate import providers clean feature_metrics features eda \
  evaluation models backtest execution validation universe lookahead pipeline postgres publish serve
ASAN_TARGETS += qtp
ASAN_SKIP := ^(RunTrain\.(SameInputs|FindsNothing|DataAfterADay|RecoversThePlanted).*|TrainWithHoldout\..*|PlantedSignal\..*)$$
endif
test-asan: setup
	@cmake -S . -B $(ASAN_BUILD) -G $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQTP_SANITIZE=ON \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DQTP_BUILD_BENCH=OFF -DQTP_BUILD_INTEGRATION=OFF >/dev/null
	@start=$$(date +%s); cmake --build $(ASAN_BUILD) -j $(JOBS) --target $(ASAN_TARGETS) && \
	  echo "build: $(ASAN_BUILD) up to date in $$(( $$(date +%s) - start )) s"
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 900 -L '^unit/($(subst $(space),|,$(ASAN_MODULES)))$$' -E '$(ASAN_SKIP)'

# libFuzzer targets of the provider reply parsers (clang-14, ASan+UBSan), FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 10
fuzz: setup
	@bash scripts/fuzz.sh $(FUZZ_SECONDS)

# CI=true adds the fuzz run; SANITIZE=1 adds the sanitizer pass too (it doubles the build: the 2-core CI runs
# it only through the fuzz targets, which are compiled with ASan + UBSan).
ifneq ($(SANITIZE),)
test: test-release test-asan fuzz
else ifeq ($(CI),true)
test: test-release fuzz
else
test: test-release
endif

bench: build
	@bash bench/run_e2e.sh $(BUILD)

clean-build:
	rm -rf $(BUILD) $(ASAN_BUILD)
