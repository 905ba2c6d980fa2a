#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Adds up the counts of every test runner of one `make check`.

    tally.py FILE STATUS

FILE holds one line `passed failed name` per runner (testlib.Results
writes it when GFPCHECK_TEST_TALLY is set); STATUS is the exit status of
the make steps.  A step that failed before its runner counted anything
(a build error) counts as one failed test, so the total never reads as a
pass when something did not run.  Prints `total: N passed, N failed`.
"""
import sys


def main():
    passed = failed = 0
    try:
        with open(sys.argv[1]) as f:
            for line in f:
                p, fl = line.split()[:2]
                passed += int(p)
                failed += int(fl)
    except FileNotFoundError:
        pass
    if len(sys.argv) > 2 and sys.argv[2] != '0' and failed == 0:
        print('a make step failed before its tests could count (see above)')
        failed = 1
    print('total: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
