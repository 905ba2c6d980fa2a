/* SPDX-License-Identifier: GPL-2.0 */
/* Every command, once: COMMAND(name) is the descriptor cmd_<name> that
 * cmd_<name>.c exports (command.h), in the order `gfpcheck --help` lists
 * them.  main.c expands this list into its dispatch table.  No include
 * guard: included once per expansion, with COMMAND defined. */
COMMAND(scan)
COMMAND(diff)
COMMAND(explain)
COMMAND(hook)
COMMAND(merge)
COMMAND(debug)
COMMAND(rules)
COMMAND(version)
