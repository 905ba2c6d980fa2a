// SPDX-License-Identifier: GPL-2.0
/*
 * Engine tier: tests of values the solver can decide.  A parameter
 * compared with 0 (`state != 0`, `0 == mode`) is a test of its truth,
 * like `if (state)`; a local variable initialised with a constant, every
 * write to which is a statement of its own, is a value local: its writes
 * are marked, and the edge of a test its initial value rules out
 * (`wakeup >= 0` with `int wakeup = -1`) is taken only after a write.
 * A variable whose address is taken is none.
 */
#include <linux/compiler.h>
#include <linux/slab.h>
#include <linux/string.h>

char *eng_value_local(const char *s, int state);
char *eng_param_compared(const char *s, int mode);
char *eng_value_address(const char *s);
void eng_fill(int *v);

char *eng_value_local(const char *s, int state)
{
	int wakeup = -1;

	if (state != 0)
		wakeup = 1;
	if (wakeup >= 0)
		return kstrdup(s, GFP_KERNEL);
	return NULL;
}

/*
 * check-cfg: eng_value_local
 *   B0 (entry): -> B2 B3
 *   B1 (exit): ->
 *   B2: param1 write:value0 -> B4
 *   B3: !param1 -> B4
 *   B4: -> B5 B6
 *   B5: changed:value0 kstrdup:27 return(?) -> B1
 *   B6: return(false) -> B1
 * check-end
 */

char *eng_param_compared(const char *s, int mode)
{
	if (0 == mode)
		return NULL;
	return kstrdup(s, GFP_KERNEL);
}

/*
 * check-cfg: eng_param_compared
 *   B0 (entry): -> B2 B3
 *   B1 (exit): ->
 *   B2: !param1 return(false) -> B1
 *   B3: param1 kstrdup:47 return(?) -> B1
 * check-end
 */

char *eng_value_address(const char *s)
{
	int got = 0;

	eng_fill(&got);
	if (got)
		return kstrdup(s, GFP_KERNEL);
	return NULL;
}

/*
 * check-cfg: eng_value_address
 *   B0 (entry): eng_fill:63 -> B2 B3
 *   B1 (exit): ->
 *   B2: kstrdup:65 return(?) -> B1
 *   B3: return(false) -> B1
 * check-end
 */

/*
 * A parameter compared with another constant (`event == ENG_REGISTER`,
 * `case ENG_UP:` of `switch (event)`) marks each edge with the value it
 * requires; a GNU case range and `default:` require none.
 */
char *eng_param_equals(const char *s, unsigned long event);
char *eng_param_switch(const char *s, int event);

enum eng_event {
	ENG_UP = 1,
	ENG_DOWN,
	ENG_CHANGE,
	ENG_REGISTER,
};

char *eng_param_equals(const char *s, unsigned long event)
{
	if (event == ENG_REGISTER)
		return kstrdup(s, GFP_KERNEL);
	if (event != ENG_DOWN)
		return kstrdup(s, GFP_ATOMIC);
	return NULL;
}

char *eng_param_switch(const char *s, int event)
{
	char *p = NULL;

	switch (event) {
	case ENG_UP:
	case ENG_CHANGE:
		p = kstrdup(s, GFP_KERNEL);
		break;
	case 5 ... 7:
		p = kstrdup(s, GFP_ATOMIC);
		break;
	default:
		break;
	}
	return p;
}

/*
 * check-cfg: eng_param_equals
 *   B0 (entry): -> B2 B3
 *   B1 (exit): ->
 *   B2: param1==4 kstrdup:96 return(?) -> B1
 *   B3: param1!=4 -> B4 B5
 *   B4: param1!=2 kstrdup:98 return(?) -> B1
 *   B5: param1==2 return(false) -> B1
 * check-end
 *
 * Case ENG_UP (B3) is entered from the switch through B4 (event == 1) and
 * falls into case ENG_CHANGE (B5), entered through B6 (event == 3); the
 * range (B7) and the default (B8) require nothing:
 * check-cfg: eng_param_switch
 *   B0 (entry): -> B4 B6 B7 B8
 *   B1 (exit): ->
 *   B2: return(?) -> B1
 *   B3: -> B5
 *   B4: param1==1 -> B3
 *   B5: kstrdup:109 -> B2
 *   B6: param1==3 -> B5
 *   B7: kstrdup:112 -> B2
 *   B8: -> B2
 * check-end
 */

/*
 * A parameter whose bits are tested (`flags & ENG_ZEROCOPY`, `!(flags &
 * ENG_PROBE)`, `(flags & ENG_MORE) == 0`) marks each edge with the bits it
 * requires set (&) or clear (!...&).
 */
char *eng_param_bits(const char *s, unsigned int flags, size_t len);

#define ENG_PROBE 0x10
#define ENG_MORE 0x8000
#define ENG_ZEROCOPY 0x4000000

char *eng_param_bits(const char *s, unsigned int flags, size_t len)
{
	if ((flags & ENG_ZEROCOPY) && len)
		return kstrdup(s, GFP_KERNEL);
	if (!(flags & ENG_PROBE))
		return kstrdup(s, GFP_ATOMIC);
	if ((flags & ENG_MORE) == 0)
		return NULL;
	return kstrdup(s, GFP_NOWAIT);
}

/*
 * `&&` is split because its left operand tests bits (B2/B3), the right
 * one tests `len` (B4/B5), and their false edges join (B6); `!` swaps
 * the edges of the test inside it (B7 has the bit set, B8 clear), and
 * `== 0` those of the `&` it compares:
 * check-cfg: eng_param_bits
 *   B0 (entry): -> B2 B3
 *   B1 (exit): ->
 *   B2: param1&0x4000000 -> B4 B5
 *   B3: !param1&0x4000000 -> B6
 *   B4: param2 kstrdup:160 return(?) -> B1
 *   B5: !param2 -> B6
 *   B6: -> B7 B8
 *   B7: param1&0x10 -> B9 B10
 *   B8: !param1&0x10 kstrdup:162 return(?) -> B1
 *   B9: !param1&0x8000 return(false) -> B1
 *   B10: param1&0x8000 kstrdup:165 return(?) -> B1
 * check-end
 */

/*
 * A local assigned by statements of its own and tested in two places or
 * more: each assignment is marked after its calls (assign:local0), so
 * the flow takes its tests to agree only between assignments; the test
 * right after an assignment is one of that call's outcome (=true/false).
 */
char *eng_assigned_local(const char *s);

char *eng_assigned_local(const char *s)
{
	char *p;

	p = kstrdup(s, GFP_ATOMIC);
	if (!p)
		return NULL;
	kfree(p);
	p = kstrdup(s, GFP_NOWAIT);
	if (p)
		return p;
	return kstrdup(s, GFP_KERNEL);
}

/*
 * check-cfg: eng_assigned_local
 *   B0 (entry): kstrdup:200 assign:local0 -> B2 B3
 *   B1 (exit): ->
 *   B2: local0 kstrdup:200=true kfree:203 kstrdup:204 assign:local0 -> B4 B5
 *   B3: !local0 kstrdup:200=false return(false) -> B1
 *   B4: local0 kstrdup:204=true return(?) -> B1
 *   B5: !local0 kstrdup:204=false kstrdup:207 return(?) -> B1
 * check-end
 */

/*
 * A parameter assigned by a statement of its own keeps its tests: the
 * assignment is marked (assign:param1), so that the solver takes the
 * caller's constant only at the tests before it.  One whose address is
 * taken (n, given to eng_fill()) has no test marked: its tests are bare
 * forks (B5 / B6, B7 / B8).
 */
char *eng_assigned_param(const char *s, unsigned int flags, int n);

char *eng_assigned_param(const char *s, unsigned int flags, int n)
{
	if (flags & ENG_PROBE)
		flags |= ENG_MORE;
	eng_fill(&n);
	if (!n)
		return NULL;
	if (n > 1 && (flags & ENG_MORE))
		return kstrdup(s, GFP_ATOMIC);
	return NULL;
}

/*
 * check-cfg: eng_assigned_param
 *   B0 (entry): -> B2 B3
 *   B1 (exit): ->
 *   B2: param1&0x10 assign:param1 -> B4
 *   B3: !param1&0x10 -> B4
 *   B4: eng_fill:234 -> B5 B6
 *   B5: return(false) -> B1
 *   B6: -> B7 B8
 *   B7: -> B9 B10
 *   B8: -> B11
 *   B9: param1&0x8000 kstrdup:238 return(?) -> B1
 *   B10: !param1&0x8000 -> B11
 *   B11: return(false) -> B1
 * check-end
 */

/*
 * A field of a pointer the function never changes is a condition
 * variable like a local (local1: `port->busy`, its write marked), and a
 * local the body never changes, initialised at its top from a parameter's
 * field before any write of it, holds that field as the caller passed it
 * (local0: `autostopped`); the lines after the blocks name both, for the
 * solver to take a caller's tested truth (ARG_FIELD).
 */
struct eng_port {
	unsigned int autostop:1;
	int busy;
};

char *eng_field_tests(const char *s, struct eng_port *port);

char *eng_field_tests(const char *s, struct eng_port *port)
{
	int autostopped = port->autostop;

	port->autostop = 0;
	if (!autostopped)
		return kstrdup(s, GFP_KERNEL);
	if (port->busy)
		port->busy = 0;
	if (port->busy)
		return NULL;
	return kstrdup(s, GFP_ATOMIC);
}

/*
 * check-cfg: eng_field_tests
 *   B0 (entry): -> B2 B3
 *   B1 (exit): ->
 *   B2: local0 -> B4 B5
 *   B3: !local0 kstrdup:280 return(?) -> B1
 *   B4: local1 assign:local1 -> B6
 *   B5: !local1 -> B6
 *   B6: -> B7 B8
 *   B7: local1 return(false) -> B1
 *   B8: !local1 kstrdup:285 return(?) -> B1
 *   local0: param1->autostop
 *   local1: param1->busy
 *   writes fields: 1:eng_port.autostop=ffffffffffffffff;1:eng_port.busy=ffffffffffffffff
 * check-end
 */

/*
 * A call as a condition of a predicate helper, a function whose body is
 * one return of a test of its parameter's bits (gfp.h:
 * gfpflags_allow_blocking() is `return !!(gfp_flags &
 * __GFP_DIRECT_RECLAIM);`), tests those bits of its argument: its edges
 * carry them (0x400, the tree's __GFP_DIRECT_RECLAIM) as `gfp & K`
 * would, so that a mask used where they are known clear cannot sleep.
 * A helper that looks at more than the bits (eng_can_block()) marks
 * nothing but its call's outcome.
 */
char *eng_mask_helper(const char *s, gfp_t gfp, int n);

static noinline bool eng_can_block(gfp_t gfp, int n)
{
	return (gfp & __GFP_DIRECT_RECLAIM) && n > 1;
}

char *eng_mask_helper(const char *s, gfp_t gfp, int n)
{
	if (!gfpflags_allow_blocking(gfp))
		return kstrdup(s, gfp);
	if (eng_can_block(gfp, n))
		return kstrdup(s, GFP_KERNEL);
	return NULL;
}

/*
 * check-cfg: eng_mask_helper
 *   B0 (entry): gfpflags_allow_blocking:324 -> B2 B3
 *   B1 (exit): ->
 *   B2: gfpflags_allow_blocking:324=true param1&0x400 eng_can_block:326 -> B4 B5
 *   B3: gfpflags_allow_blocking:324=false !param1&0x400 kstrdup:325 return(?) -> B1
 *   B4: eng_can_block:326=true kstrdup:327 return(?) -> B1
 *   B5: eng_can_block:326=false return(false) -> B1
 * check-end
 */

/*
 * A local given as it is to a call whose outcome is tested is an
 * identity local: each write of it is marked where the statement or
 * condition that holds it starts (write:identity0), also a write inside
 * a condition and `&g` given to a call, so that the outcome known for
 * its value holds only until then (results.h).  `n` is a parameter,
 * `i` a local no tested call is given: no marks.
 */
int eng_identity_writes(int n);

static noinline bool eng_present(int g)
{
	return g & 1;
}

int eng_identity_writes(int n)
{
	int g = 0, i;

	for (i = 0; i < n; i++) {
		if (!eng_present(g))
			continue;
		eng_fill(&g);
		if (++g == n)
			g = 0;
	}
	return g;
}

/*
 * B4 the loop's head, B5 the body's test, B8 its `continue` to the
 * increment B3; B7 `eng_fill(&g);` (its mark first) and the `++g == n`
 * condition's mark; B9 the assignment `g = 0;`:
 * check-cfg: eng_identity_writes
 *   B0 (entry): -> B4
 *   B1 (exit): ->
 *   B2: return(?) -> B1
 *   B3: -> B4
 *   B4: -> B5 B6
 *   B5: eng_present:362 -> B7 B8
 *   B6: -> B2
 *   B7: eng_present:362=true write:identity0 eng_fill:364 write:identity0 -> B9 B10
 *   B8: eng_present:362=false -> B3
 *   B9: write:identity0 -> B11
 *   B10: -> B11
 *   B11: -> B3
 * check-end
 */
