/* SPDX-License-Identifier: GPL-2.0 */
/* gfpcheck debug cfg|flow FUNCTION: the engine's view of one function */
#ifndef GFPCHECK_DEBUG_H
#define GFPCHECK_DEBUG_H

int debug_main(int argc, char **argv);

#endif
