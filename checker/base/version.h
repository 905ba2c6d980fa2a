/* SPDX-License-Identifier: GPL-2.0 */
/* The release: `gfpcheck version`, SARIF's tool.driver.version, and the
 * git tag v<this> that pre-commit's `rev:` names. */
#ifndef GFPCHECK_VERSION_H
#define GFPCHECK_VERSION_H

#define GFPCHECK_VERSION "0.2.0"

#endif
