-- gfpcheck fact database.  Facts are stored per translation unit, so a
-- later run re-parses only what changed; findings are derived by the
-- solver from the facts of the whole tree.  Every run writes inside one
-- transaction: a killed run leaves the previous complete state.

CREATE TABLE IF NOT EXISTS meta (
	key TEXT PRIMARY KEY,
	value TEXT
);

CREATE TABLE IF NOT EXISTS runs (
	id INTEGER PRIMARY KEY,
	started TEXT NOT NULL,
	compdb TEXT NOT NULL,
	rules_hash TEXT NOT NULL,
	translation_units INTEGER,
	parsed INTEGER,
	reused INTEGER,
	parse_failures INTEGER,
	functions INTEGER,
	seconds REAL
);

CREATE TABLE IF NOT EXISTS files (
	id INTEGER PRIMARY KEY,
	path TEXT NOT NULL UNIQUE
);

CREATE TABLE IF NOT EXISTS tus (
	id INTEGER PRIMARY KEY,
	file_id INTEGER NOT NULL UNIQUE REFERENCES files(id),
	directory TEXT NOT NULL,
	command_hash TEXT NOT NULL,
	failed INTEGER NOT NULL,
	errors INTEGER NOT NULL,
	first_error TEXT,
	parse_seconds REAL,
	run_id INTEGER REFERENCES runs(id)
);

-- every file a TU read, with its content hash when it was parsed
CREATE TABLE IF NOT EXISTS tu_inputs (
	tu_id INTEGER NOT NULL REFERENCES tus(id) ON DELETE CASCADE,
	file_id INTEGER NOT NULL REFERENCES files(id),
	hash TEXT
);
CREATE INDEX IF NOT EXISTS tu_inputs_tu ON tu_inputs(tu_id);

-- GFP flag values of the analysed tree, read from its own headers
CREATE TABLE IF NOT EXISTS gfp_flags (
	name TEXT PRIMARY KEY,
	value INTEGER NOT NULL,
	sleeps INTEGER NOT NULL,
	is_mask INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS functions (
	id INTEGER PRIMARY KEY,
	tu_id INTEGER NOT NULL REFERENCES tus(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	key TEXT NOT NULL,		-- name, or file#name for static functions
	file_id INTEGER NOT NULL REFERENCES files(id),
	line INTEGER NOT NULL,
	col INTEGER NOT NULL,
	is_static INTEGER NOT NULL,
	in_header INTEGER NOT NULL,
	gfp_params INTEGER NOT NULL,	-- bitmask of gfp_t parameters
	exit_ctx INTEGER NOT NULL,	-- context kinds that may be held at return
	exit_must_ctx INTEGER NOT NULL,	-- ... held at return on every path
	returns_value INTEGER NOT NULL,
	exit_witness INTEGER,		-- call_sites.seq of the acquisition
	released_unheld INTEGER NOT NULL,
	released_witness INTEGER,
	cfg TEXT,			-- control-flow graph, see cfg_serialize()
	returns INTEGER NOT NULL DEFAULT 1	-- 0: no path reaches the end (every
					-- one ends in a call that cannot return)
);
CREATE INDEX IF NOT EXISTS functions_key ON functions(key);
CREATE INDEX IF NOT EXISTS functions_tu ON functions(tu_id);
CREATE INDEX IF NOT EXISTS functions_loc ON functions(file_id, line);

-- every call, with the atomic context in force where it is made
CREATE TABLE IF NOT EXISTS call_sites (
	id INTEGER PRIMARY KEY,
	function_id INTEGER NOT NULL REFERENCES functions(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,		-- index within the function
	callee TEXT,			-- NULL for an indirect call
	callee_key TEXT,
	via TEXT,			-- struct_name.field of an indirect call
	line INTEGER NOT NULL,
	col INTEGER NOT NULL,
	ctx INTEGER NOT NULL,		-- enum ctx_kind bits
	witness_seq INTEGER,		-- seq of the call that made it atomic
	reached INTEGER NOT NULL,
	lock_action INTEGER,		-- 0 acquire, 1 release, 2 trylock
	lock_ctx INTEGER,
	lock_id TEXT,			-- normalised lock expression
	text TEXT,
	ctx_seen INTEGER NOT NULL DEFAULT 0,	-- atomic kinds a run-time context test
					-- choosing this call's mask can see
	noreturn INTEGER NOT NULL DEFAULT 0	-- the callee is declared never to return
);
CREATE INDEX IF NOT EXISTS call_sites_fn ON call_sites(function_id);
CREATE INDEX IF NOT EXISTS call_sites_callee ON call_sites(callee_key);

-- arguments that matter to the solver: functions passed (registrations)
-- and GFP masks passed to gfp_t parameters
CREATE TABLE IF NOT EXISTS call_args (
	call_id INTEGER NOT NULL REFERENCES call_sites(id) ON DELETE CASCADE,
	idx INTEGER NOT NULL,
	kind INTEGER NOT NULL,		-- 1 function, 2 gfp mask, 3 object, 4 flags value,
					-- 5 constant truth, 6 the caller's parameter (facts.h)
	fn_key TEXT,
	fn_name TEXT,
	gfp TEXT,			-- encoded alternatives, see store.c
	text TEXT			-- the mask as written; kind 3 the object path, 4, 5 the
					-- value, 6 "N" or "!N"
);
CREATE INDEX IF NOT EXISTS call_args_call ON call_args(call_id);

CREATE TABLE IF NOT EXISTS alloc_sites (
	id INTEGER PRIMARY KEY,
	call_id INTEGER NOT NULL REFERENCES call_sites(id) ON DELETE CASCADE,
	allocator TEXT NOT NULL,
	flags_text TEXT,
	flags TEXT,			-- encoded alternatives: param:and:or;...
	flags_value INTEGER,		-- the single constant value, when known
	sleeps INTEGER			-- 1, 0, NULL unknown
);
CREATE INDEX IF NOT EXISTS alloc_sites_call ON alloc_sites(call_id);

-- findings of intra-procedural checks, made at extraction time
CREATE TABLE IF NOT EXISTS local_findings (
	id INTEGER PRIMARY KEY,
	function_id INTEGER NOT NULL REFERENCES functions(id) ON DELETE CASCADE,
	rule TEXT NOT NULL,
	severity TEXT,			-- NULL: the rule's default
	line INTEGER NOT NULL,
	col INTEGER NOT NULL,
	message TEXT NOT NULL,
	flags TEXT,
	trace TEXT			-- "line<TAB>note" per line
);
CREATE INDEX IF NOT EXISTS local_findings_fn ON local_findings(function_id);

CREATE TABLE IF NOT EXISTS fnptr_stores (
	tu_id INTEGER NOT NULL REFERENCES tus(id) ON DELETE CASCADE,
	field TEXT NOT NULL,		-- struct_name.field
	fn_key TEXT NOT NULL,
	fn_name TEXT NOT NULL,
	file_id INTEGER NOT NULL REFERENCES files(id),
	line INTEGER NOT NULL,
	how TEXT NOT NULL,
	function TEXT,			-- the function making an assignment; NULL at file scope
	object TEXT			-- path of the object stored into (object_path() in extract.c)
);
CREATE INDEX IF NOT EXISTS fnptr_field ON fnptr_stores(field);
CREATE INDEX IF NOT EXISTS fnptr_tu ON fnptr_stores(tu_id);

CREATE TABLE IF NOT EXISTS findings (
	id INTEGER PRIMARY KEY,
	rule TEXT NOT NULL,
	severity TEXT NOT NULL,
	file_id INTEGER NOT NULL REFERENCES files(id),
	line INTEGER NOT NULL,
	col INTEGER NOT NULL,
	function TEXT NOT NULL,
	message TEXT NOT NULL,
	flags TEXT,
	fingerprint TEXT NOT NULL,
	suppressed TEXT			-- the reason of an inline suppression comment
);

CREATE TABLE IF NOT EXISTS trace (
	finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	file_id INTEGER NOT NULL REFERENCES files(id),
	line INTEGER NOT NULL,
	function TEXT NOT NULL,
	note TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS trace_finding ON trace(finding_id);

-- fingerprints of the findings of the last full `gfpcheck scan`: what
-- `gfpcheck diff` compares against, so that only new findings fail a commit
CREATE TABLE IF NOT EXISTS reference_findings (
	fingerprint TEXT PRIMARY KEY
);
