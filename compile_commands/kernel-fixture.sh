#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-fixture.sh — a real Linux tree for gfpcheck's integration test.
#
# Extracts Debian's linux-source-<VERSION> (6.1 or 6.12), configures
# x86_64 defconfig plus the drivers listed below, runs `make prepare`,
# builds only the objects of the chosen directories (so that kbuild's
# .*.o.cmd files exist) and writes the tree's compile_commands.json with
# compile_commands/gen_compile_commands.py.
#
#   compile_commands/kernel-fixture.sh                 # 6.1, GCC flavour
#   VERSION=6.12 compile_commands/kernel-fixture.sh    # Debian's linux-source-6.12
#   FLAVOUR=llvm compile_commands/kernel-fixture.sh    # LLVM=1 (clang, lld)
#   DIRS=all compile_commands/kernel-fixture.sh        # the whole defconfig tree
#   compile_commands/kernel-fixture.sh config          # stop after a step
#
# Steps: extract, config, prepare, build, compdb.
#
# Environment:
#   VERSION   6.1 (default) or 6.12: which Debian linux-source package
#   FLAVOUR   gcc (default: kbuild's own GCC flags, which clang partly
#             rejects — that is the point) or llvm (LLVM=1)
#   DIRS      directories to build and put in the database (default below),
#             or `all`: `make vmlinux modules` and every object of the tree
#   JOBS      make -j (default 2)
#   OUT       where trees go (default: <repo>/build/kernel)
#   TARBALL   default /usr/src/linux-source-$VERSION.tar.xz
#   ENABLE_OPTS  Kconfig symbols set =y on top of defconfig (default below)
#
# Trees:  $OUT/linux-source-$VERSION[-llvm][-whole] (all can coexist; -whole
#         for DIRS=all)
#
# Runs on one tree are serialised with flock(1).  Every step leaves a stamp
# file $TREE/.fixture-stamp-<step> holding its inputs; a step whose stamp
# matches is skipped, so running this again is cheap, and changing DIRS or
# the driver list redoes only what depends on it.
# Step times are printed and appended to $TREE/.fixture-times.
#
# Drivers enabled on top of defconfig, all =y: every driver of
# drivers/net/ethernet/intel/ (defconfig has only E1000 and E1000E; I40EVF
# selects IAVF).  Optional features (DCB, DCA, HWMON, IPsec offload,
# switchdev) stay at their defaults.  SND, USB and INET are in defconfig.
# The whole set builds in a few minutes on 2 cores (see docs/BENCH.md).
# The whole tree (DIRS=all) is plain defconfig.
if [ "${DIRS:-}" = all ]; then
	ENABLE_OPTS=${ENABLE_OPTS:-}
else
	ENABLE_OPTS=${ENABLE_OPTS:-E100 E1000 E1000E IGB IGBVF IXGB IXGBE IXGBEVF I40E I40EVF ICE FM10K IGC}
fi

set -euo pipefail

PROG=kernel-fixture
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERSION=${VERSION:-6.1}
FLAVOUR=${FLAVOUR:-gcc}
DIRS=${DIRS:-drivers/net/ethernet/intel/ sound/core/ drivers/usb/core/ net/ipv4/}
JOBS=${JOBS:-2}
OUT=${OUT:-$ROOT/build/kernel}
TARBALL=${TARBALL:-/usr/src/linux-source-$VERSION.tar.xz}
GEN=$ROOT/compile_commands/gen_compile_commands.py

die() { echo "$PROG: $*" >&2; exit 1; }

case "$VERSION" in
6.1|6.12) ;;
*) die "VERSION must be 6.1 or 6.12, not '$VERSION'" ;;
esac
TREE=$OUT/linux-source-$VERSION
case "$FLAVOUR" in
gcc)  KMAKE_VARS=(ARCH=x86_64) ;;
llvm) TREE=$TREE-llvm; KMAKE_VARS=(ARCH=x86_64 LLVM=1) ;;
*)    die "FLAVOUR must be gcc or llvm, not '$FLAVOUR'" ;;
esac
[ "$DIRS" != all ] || TREE=$TREE-whole

# ---------------------------------------------------------------- packages
PKGS="linux-source-$VERSION bc flex bison libelf-dev libssl-dev make python3 xz-utils"
if [ "$FLAVOUR" = gcc ]; then PKGS="$PKGS gcc"; else PKGS="$PKGS clang lld llvm"; fi

ensure_packages() {
	local missing="" p
	for p in $PKGS; do
		dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" = 0 ]; then
		echo "$PROG: installing:$missing"
		apt-get update -qq
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
	else
		die "missing packages:$missing (install them: sudo apt-get install$missing)"
	fi
}

# ---------------------------------------------------------------- steps
# Run from make (`make whole-tree VERSION=6.1`), MAKEFLAGS carries that
# command line's VERSION=6.1 into every sub-make, where it would override
# the kernel Makefile's own VERSION (LINUX_VERSION_MAJOR 6.1): the kernel's
# make gets only the variables given here.
kmake() { env -u MAKEFLAGS -u MAKEOVERRIDES -u MFLAGS make -C "$TREE" "${KMAKE_VARS[@]}" "$@"; }

# step NAME INPUTS FUNCTION: runs FUNCTION unless the stamp holds INPUTS.
# A step that runs invalidates the stamps of every later step.
LATER_INVALID=0
step() {
	[ "$STOPPED" = 0 ] || return 0
	[ "$1" != "$LAST_STEP" ] || STOPPED=1
	local name=$1 inputs=$2 fn=$3 stamp="$TREE/.fixture-stamp-$1" t0 t1
	if [ "$LATER_INVALID" = 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ]; then
		echo "$PROG: [$FLAVOUR] $name: up to date"
		return 0
	fi
	LATER_INVALID=1
	rm -f "$stamp"
	echo "$PROG: [$FLAVOUR] $name ..."
	t0=$(date +%s.%N)
	"$fn"
	t1=$(date +%s.%N)
	printf '%s\n' "$inputs" > "$stamp"
	printf '%s %s %.1f s\n' "$(date -u +%FT%TZ)" "$name" "$(echo "$t1 - $t0" | bc)" |
		tee -a "$TREE/.fixture-times" | sed "s/^/$PROG: [$FLAVOUR] time: /"
}

do_extract() {
	local tmp="$OUT/.extract-$FLAVOUR.$$"
	rm -rf "$TREE" "$tmp"
	mkdir -p "$tmp"
	tar -xJf "$TARBALL" -C "$tmp"
	[ -d "$tmp/linux-source-$VERSION" ] || die "$TARBALL has no linux-source-$VERSION/ directory"
	mv "$tmp/linux-source-$VERSION" "$TREE"
	rmdir "$tmp"
}

do_config() {
	local o missing=""
	kmake -s defconfig
	for o in $ENABLE_OPTS; do
		"$TREE/scripts/config" --file "$TREE/.config" --enable "$o"
	done
	kmake -s olddefconfig
	# options that do not exist in this version vanish on olddefconfig:
	# report only those that exist in some Kconfig but did not stick
	for o in $ENABLE_OPTS; do
		grep -q "^CONFIG_$o=y" "$TREE/.config" && continue
		grep -rqs --include='Kconfig*' -E "^config $o\$" "$TREE/drivers" "$TREE/sound" "$TREE/net" &&
			missing="$missing $o"
	done
	[ -z "$missing" ] || die "could not enable:$missing (unmet dependencies? see $TREE/.config)"
}

do_prepare() { kmake -j"$JOBS" -s prepare; }

do_build() {
	local d
	if [ "$DIRS" = all ]; then
		# -k: an object that fails to build is left out of the database
		# (and named by make), not a reason to lose the whole tree
		kmake -j"$JOBS" -s -k vmlinux modules || echo "$PROG: [$FLAVOUR] some objects failed to build (see above)"
		return 0
	fi
	for d in $DIRS; do
		[ -d "$TREE/$d" ] || die "no directory $d in $TREE"
	done
	# shellcheck disable=SC2086
	kmake -j"$JOBS" -s $DIRS
}

do_compdb() {
	local abs=() d
	if [ "$DIRS" = all ]; then abs=("$TREE"); else
		for d in $DIRS; do abs+=("$TREE/$d"); done
	fi
	python3 "$GEN" -d "$TREE" -o "$TREE/compile_commands.json" "${abs[@]}"
}

LAST_STEP=${1:-compdb}
STOPPED=0
case "$LAST_STEP" in
extract|config|prepare|build|compdb) ;;
*) die "usage: kernel-fixture.sh [extract|config|prepare|build|compdb]" ;;
esac

ensure_packages
[ -r "$TARBALL" ] || die "$TARBALL not found (package linux-source-$VERSION)"
mkdir -p "$OUT"
# one run per tree at a time (make -j may start several)
exec 9>"$OUT/.fixture-$(basename "$TREE").lock"
flock 9
TOTAL0=$(date +%s)

step extract "$(stat -c '%s %Y' "$TARBALL")" do_extract
step config "x86_64_defconfig $ENABLE_OPTS" do_config
step prepare "prepare" do_prepare
step build "$DIRS" do_build
step compdb "$DIRS $(stat -c '%Y' "$GEN")" do_compdb

[ "$LAST_STEP" = compdb ] || { echo "$PROG: [$FLAVOUR] stopped after $LAST_STEP"; exit 0; }
echo "$PROG: [$FLAVOUR] $TREE/compile_commands.json ready" \
	"($(grep -c '"file"' "$TREE/compile_commands.json") TUs, $(( $(date +%s) - TOTAL0 )) s this run)"
