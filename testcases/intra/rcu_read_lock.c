// SPDX-License-Identifier: GPL-2.0
/*
 * rcu_read_lock: sleeping inside an RCU read-side critical section is not
 * allowed (rcu_read_lock()/rcu_read_unlock() are inline functions).  The
 * classic bug of duplicating an RCU-protected object with GFP_KERNEL
 * while still inside the read section is reported (rrl_dup_config and
 * rrl_lookup_name, which uses kstrdup).  Copying with GFP_ATOMIC inside
 * the section, or taking a reference and allocating after
 * rcu_read_unlock(), is not reported.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/string.h>

struct rrl_config {
	struct rcu_head rcu;
	refcount_t ref;
	char name[32];
	u32 mtu;
};

struct rrl_dev {
	struct rrl_config __rcu *cfg;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
struct rrl_config *rrl_dup_config(struct rrl_dev *dev);
struct rrl_config *rrl_dup_config_atomic(struct rrl_dev *dev);
char *rrl_lookup_name(struct rrl_dev *dev);
char *rrl_lookup_name_ref(struct rrl_dev *dev);

struct rrl_config *rrl_dup_config(struct rrl_dev *dev)
{
	struct rrl_config *cfg, *copy = NULL;

	rcu_read_lock();
	cfg = rcu_dereference(dev->cfg);
	if (cfg)
		copy = kmemdup(cfg, sizeof(*cfg), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	rcu_read_unlock();
	return copy;
}

struct rrl_config *rrl_dup_config_atomic(struct rrl_dev *dev)
{
	struct rrl_config *cfg, *copy = NULL;

	rcu_read_lock();
	cfg = rcu_dereference(dev->cfg);
	if (cfg)
		copy = kmemdup(cfg, sizeof(*cfg), GFP_ATOMIC);
	rcu_read_unlock();
	return copy;
}

char *rrl_lookup_name(struct rrl_dev *dev)
{
	struct rrl_config *cfg;
	char *name = NULL;

	rcu_read_lock();
	cfg = rcu_dereference(dev->cfg);
	if (cfg)
		name = kstrdup(cfg->name, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	rcu_read_unlock();
	return name;
}

char *rrl_lookup_name_ref(struct rrl_dev *dev)
{
	struct rrl_config *cfg;
	char *name;

	rcu_read_lock();
	cfg = rcu_dereference(dev->cfg);
	if (cfg && !refcount_inc_not_zero(&cfg->ref))
		cfg = NULL;
	rcu_read_unlock();
	if (!cfg)
		return NULL;

	name = kstrdup(cfg->name, GFP_KERNEL);
	if (refcount_dec_and_test(&cfg->ref))
		kfree_rcu(cfg, rcu);
	return name;
}

MODULE_DESCRIPTION("gfpcheck test: rcu_read_lock/rcu_read_unlock");
MODULE_LICENSE("GPL");
