/* SPDX-License-Identifier: MIT */
/*
 * kmod.c - the modules an appliance guest loads and their order, from the
 * kernel's modules.dep and modules.builtin (targets/kvm/kmod.h).
 *
 * Both files are read whole and indexed by module name in one hash table;
 * a module's dependency list is only split when the module is resolved.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/file.h"
#include "targets/kvm/kmod.h"

#define MOD_NAME_MAX	64		/* the kernel's MODULE_NAME_LEN */

enum mod_state {
	MOD_NEW,			/* not looked at yet */
	MOD_VISITING,			/* its dependencies are being added */
	MOD_DONE,			/* in the list */
};

struct mod {
	char name[MOD_NAME_MAX];	/* '_' form */
	char *path;			/* as in modules.dep; NULL if only
					 * built in */
	char *deps;			/* the rest of its modules.dep line */
	bool builtin;
	enum mod_state state;
};

struct modtab {
	const char *moddir;
	char depfile[PATH_MAX];
	char *dep_text, *builtin_text;	/* the two files, NUL-terminated */
	struct mod *mods;
	unsigned nr, cap;
	unsigned *slots;		/* index + 1 into mods, 0 when empty */
	unsigned nslots;		/* a power of two */
	unsigned list_cap;		/* of the kmod_list being filled */
};

/* ------------------------------------------------------------------------
 * Reading the files
 */

/* mod_name - the module name of a path: its file name up to the first
 * '.', with '-' as '_'.  Returns 0 or -ENAMETOOLONG. */
static int mod_name(const char *path, char name[MOD_NAME_MAX])
{
	const char *base = strrchr(path, '/');
	size_t i;

	base = base ? base + 1 : path;
	for (i = 0; base[i] && base[i] != '.'; i++) {
		if (i + 1 >= MOD_NAME_MAX)
			return -ENAMETOOLONG;
		name[i] = base[i] == '-' ? '_' : base[i];
	}
	name[i] = '\0';
	return 0;
}

/* ------------------------------------------------------------------------
 * The table, by name
 */

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;		/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* slot_of - the slot holding name, or the empty one where it belongs. */
static unsigned *slot_of(struct modtab *t, const char *name)
{
	unsigned i = name_hash(name) & (t->nslots - 1);

	while (t->slots[i] && strcmp(t->mods[t->slots[i] - 1].name, name))
		i = (i + 1) & (t->nslots - 1);
	return &t->slots[i];
}

static struct mod *mod_find(struct modtab *t, const char *name)
{
	unsigned *slot = slot_of(t, name);

	return *slot ? &t->mods[*slot - 1] : NULL;
}

/* mod_get - the entry named name, made empty if there is none (the
 * table was sized for every line of both files). */
static struct mod *mod_get(struct modtab *t, const char *name)
{
	unsigned *slot = slot_of(t, name);
	struct mod *m;

	if (*slot)
		return &t->mods[*slot - 1];
	m = &t->mods[t->nr++];
	memset(m, 0, sizeof(*m));
	strcpy(m->name, name);
	*slot = t->nr;
	return m;
}

static unsigned count_lines(const char *s)
{
	unsigned n = 1;

	while ((s = strchr(s, '\n')))
		n++, s++;
	return n;
}

static int table_alloc(struct modtab *t)
{
	unsigned lines = count_lines(t->dep_text) +
			 count_lines(t->builtin_text);

	t->cap = lines;
	t->nslots = 16;
	while (t->nslots < 2 * lines)
		t->nslots *= 2;
	t->mods = calloc(t->cap, sizeof(*t->mods));
	t->slots = calloc(t->nslots, sizeof(*t->slots));
	return t->mods && t->slots ? 0 : -ENOMEM;
}

/* strip - s without leading and trailing blanks (in place). */
static char *strip(char *s)
{
	char *end;

	s += strspn(s, " \t\r");
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\r'))
		*--end = '\0';
	return s;
}

/* index_dep - one entry per line "path: dep dep ...".  A name that comes
 * twice keeps its first line, as modprobe does. */
static int index_dep(struct modtab *t, struct diag *d)
{
	char name[MOD_NAME_MAX], *line, *next, *colon;
	unsigned lineno = 0;
	struct mod *m;

	for (line = t->dep_text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		line = strip(line);
		if (!*line || *line == '#')
			continue;
		colon = strchr(line, ':');
		if (!colon || colon == line) {
			diag_set(d, NULL, "%s:%u: malformed line, no 'path:'",
				 t->depfile, lineno);
			return -EIO;
		}
		*colon = '\0';
		line = strip(line);
		if (mod_name(line, name) || !*name) {
			diag_set(d, NULL, "%s:%u: bad module path '%s'",
				 t->depfile, lineno, line);
			return -EIO;
		}
		m = mod_get(t, name);
		if (m->path)
			continue;
		m->path = line;
		m->deps = colon + 1;
	}
	return 0;
}

/* index_builtin - mark each module of modules.builtin (a path a line). */
static void index_builtin(struct modtab *t)
{
	char name[MOD_NAME_MAX], *line, *next;

	for (line = t->builtin_text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line = strip(line);
		if (!*line || *line == '#' || mod_name(line, name) || !*name)
			continue;
		mod_get(t, name)->builtin = true;
	}
}

/* read_error - the -errno kmod_resolve() gives for a file it could not
 * read, after saying why in d. */
static int read_error(const char *path, int err, struct diag *d)
{
	diag_set(d, NULL, "unable to read '%s': %s", path, strerror(-err));
	return err == -ENOENT || err == -ENOMEM ? err : -EIO;
}

/* table_load - read and index moddir's two files. */
static int table_load(struct modtab *t, const char *moddir, struct diag *d)
{
	char path[PATH_MAX];
	int ret;

	t->moddir = moddir;
	if ((size_t)snprintf(t->depfile, sizeof(t->depfile), "%s/modules.dep",
			     moddir) >= sizeof(t->depfile) ||
	    (size_t)snprintf(path, sizeof(path), "%s/modules.builtin",
			     moddir) >= sizeof(path)) {
		diag_set(d, NULL, "module directory name too long '%s'",
			 moddir);
		return -ENAMETOOLONG;
	}
	ret = file_read_all(t->depfile, &t->dep_text, NULL);
	if (ret)
		return read_error(t->depfile, ret, d);
	/* A tree without modules.builtin has nothing built in. */
	ret = file_read_all(path, &t->builtin_text, NULL);
	if (ret == -ENOENT) {
		t->builtin_text = strdup("");
		ret = t->builtin_text ? 0 : -ENOMEM;
	}
	if (ret)
		return read_error(path, ret, d);
	ret = table_alloc(t);
	if (ret) {
		diag_set(d, NULL, "out of memory indexing '%s'", t->depfile);
		return ret;
	}
	ret = index_dep(t, d);
	if (!ret)
		index_builtin(t);
	return ret;
}

static void table_release(struct modtab *t)
{
	free(t->dep_text);
	free(t->builtin_text);
	free(t->mods);
	free(t->slots);
}

/* ------------------------------------------------------------------------
 * Resolving
 */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

/* list_add - append m's absolute path and its name to out. */
static int list_add(struct modtab *t, struct kmod_list *out,
		    const struct mod *m)
{
	char *path, *name, **paths, **names;
	int n;

	if (out->nr == t->list_cap) {
		unsigned cap = t->list_cap ? 2 * t->list_cap : 16;

		paths = realloc(out->paths, cap * sizeof(*paths));
		if (!paths)
			return -ENOMEM;
		out->paths = paths;
		names = realloc(out->names, cap * sizeof(*names));
		if (!names)
			return -ENOMEM;
		out->names = names;
		t->list_cap = cap;
	}
	if (m->path[0] == '/')
		n = (path = strdup(m->path)) ? 0 : -1;
	else
		n = asprintf(&path, "%s/%s", t->moddir, m->path);
	if (n < 0)
		return -ENOMEM;
	name = strdup(m->name);
	if (!name) {
		free(path);
		return -ENOMEM;
	}
	out->paths[out->nr] = path;
	out->names[out->nr++] = name;
	return 0;
}

/* check_plain - m's file is a .ko the guest can finit_module(). */
static int check_plain(struct modtab *t, const struct mod *m, struct diag *d)
{
	if (ends_with(m->path, ".ko"))
		return 0;
	if (strstr(m->path, ".ko."))
		diag_set(d, NULL, "module '%s' is compressed ('%s' in '%s'): "
			 "the guest loads plain .ko files only",
			 m->name, m->path, t->depfile);
	else
		diag_set(d, NULL, "module '%s' is not a .ko file ('%s' in "
			 "'%s')", m->name, m->path, t->depfile);
	return -ENOTSUP;
}

/*
 * resolve - add m after what it needs.  Its dependencies are taken from
 * the end of its line to the start (modprobe's order), each resolved the
 * same way first.  The line is cut up in place: a module is resolved
 * once.
 */
static int resolve(struct modtab *t, struct mod *m, struct kmod_list *out,
		   struct diag *d)
{
	char name[MOD_NAME_MAX], *start, *end, *tok;
	struct mod *dep;
	int ret;

	if (m->builtin || m->state == MOD_DONE)
		return 0;
	if (m->state == MOD_VISITING) {
		diag_set(d, NULL, "module '%s' depends on itself in '%s'",
			 m->name, t->depfile);
		return -EIO;
	}
	ret = check_plain(t, m, d);
	if (ret)
		return ret;
	m->state = MOD_VISITING;

	start = m->deps;
	end = start + strlen(start);
	for (;;) {
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end == start)
			break;
		*end = '\0';
		tok = end;
		while (tok > start && tok[-1] != ' ' && tok[-1] != '\t')
			tok--;
		end = tok;
		if (mod_name(tok, name) || !*name) {
			diag_set(d, NULL, "bad module path '%s' in '%s'", tok,
				 t->depfile);
			return -EIO;
		}
		dep = mod_find(t, name);
		if (!dep || (!dep->path && !dep->builtin)) {
			diag_set(d, NULL, "module '%s' needed by '%s' has no "
				 "line in '%s'", name, m->name, t->depfile);
			return -EIO;
		}
		ret = resolve(t, dep, out, d);
		if (ret)
			return ret;
	}

	ret = list_add(t, out, m);
	if (ret) {
		diag_set(d, NULL, "out of memory listing module '%s'",
			 m->name);
		return ret;
	}
	m->state = MOD_DONE;
	return 0;
}

/* resolve_wanted - one name as the caller gave it ('-' or '_'). */
static int resolve_wanted(struct modtab *t, const char *want,
			  struct kmod_list *out, struct diag *d)
{
	char name[MOD_NAME_MAX];
	struct mod *m = NULL;
	size_t i, n = strlen(want);

	if (n && n < MOD_NAME_MAX && !strchr(want, '/')) {
		for (i = 0; i <= n; i++)
			name[i] = want[i] == '-' ? '_' : want[i];
		m = mod_find(t, name);
	}
	if (!m || (!m->path && !m->builtin)) {
		diag_set(d, NULL, "no module '%s' in '%s', nor built in",
			 want, t->depfile);
		return -ENOENT;
	}
	return resolve(t, m, out, d);
}

int kmod_resolve(const char *moddir, const char *const *wanted, unsigned nr,
		 struct kmod_list *out, struct diag *d)
{
	struct modtab t = { 0 };
	unsigned i;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = table_load(&t, moddir, d);
	for (i = 0; !ret && i < nr; i++)
		ret = resolve_wanted(&t, wanted[i], out, d);
	if (ret)
		kmod_list_release(out);
	table_release(&t);
	return ret;
}

void kmod_list_release(struct kmod_list *l)
{
	unsigned i;

	for (i = 0; i < l->nr; i++) {
		free(l->paths[i]);
		free(l->names[i]);
	}
	free(l->paths);
	free(l->names);
	memset(l, 0, sizeof(*l));
}
