/* SPDX-License-Identifier: MIT */
/*
 * cmd_compare.c - `iostress compare [options] BASE.json OTHER.json...`:
 * result documents side by side (report/compare.h).  Every document is
 * read before anything is written, and every file is written through a
 * temporary file renamed into place, so a refused document leaves no
 * output behind.  Only in the dynamic binary, not the static worker.
 */
#include "cli/commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/output.h"
#include "report/compare.h"

struct compare_args {
	const char *output;	/* --output=FILE, NULL: stdout */
	const char *html;	/* --html=FILE */
	const char *base;	/* --base=LABEL, NULL: the first document's */
	bool json;		/* --output-format=json */
	bool help;
	char **files;		/* FILE or LABEL=FILE, borrowed from argv */
	unsigned nr_files;
};

static void compare_usage(FILE *out)
{
	fprintf(out,
		"usage: iostress compare [options] BASE.json OTHER.json...\n"
		"\n"
		"Result documents (iostress's or fio's, json or json+) side by side:\n"
		"documents of one placement are its runs, the first placement is the\n"
		"base; each difference is told beyond or within the run-to-run noise\n"
		"(Mann-Whitney U).\n"
		"\n"
		"options:\n"
		"  LABEL=FILE           FILE is a run of placement LABEL (default: its\n"
		"                       jobs' target name, else the file's name without\n"
		"                       extension and run number)\n"
		"  --base=LABEL         compare against placement LABEL (default: the\n"
		"                       first document's)\n"
		"  --output-format=FMT  normal (a table) or json\n"
		"  --output=FILE        write it to FILE instead of stdout\n"
		"  --html=FILE          also write a self-contained page with charts\n"
		"  --help               print this help and exit\n"
		"\n"
		"exit status: 0 ok, 1 an output could not be written, 2 bad usage or\n"
		"a bad document\n"
		"see iostress(1)\n");
}

/* value - "--key=value" or "--key value"; NULL when arg is not --key. */
static const char *value(int argc, char **argv, int *i, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(argv[*i], key, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static int parse_args(int argc, char **argv, struct compare_args *a)
{
	bool opts = true;

	a->files = calloc((size_t)argc, sizeof(*a->files));
	if (!a->files)
		return -ENOMEM;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *v;

		if (opts && !strcmp(arg, "--")) {
			opts = false;
		} else if (opts && (!strcmp(arg, "--help") || !strcmp(arg, "-h"))) {
			a->help = true;
		} else if (opts && (v = value(argc, argv, &i, "--output-format"))) {
			if (strcmp(v, "normal") && strcmp(v, "json")) {
				err_printf("compare: --output-format='%s': normal or json", v);
				return -EINVAL;
			}
			a->json = !strcmp(v, "json");
		} else if (opts && (v = value(argc, argv, &i, "--output"))) {
			a->output = v;
		} else if (opts && (v = value(argc, argv, &i, "--html"))) {
			a->html = v;
		} else if (opts && (v = value(argc, argv, &i, "--base"))) {
			a->base = v;
		} else if (opts && arg[0] == '-' && arg[1]) {
			err_printf("compare: unknown option '%s' (see iostress compare --help)", arg);
			return -EINVAL;
		} else {
			a->files[a->nr_files++] = argv[i];
		}
	}
	if ((a->output && !*a->output) || (a->html && !*a->html)) {
		err_printf("compare: --output and --html need a file name");
		return -EINVAL;
	}
	if (a->base && !*a->base) {
		err_printf("compare: --base needs a placement's label");
		return -EINVAL;
	}
	if (!a->help && !a->nr_files) {
		err_printf("compare: no result document given (see iostress compare --help)");
		return -EINVAL;
	}
	return 0;
}

/* split_label - "LABEL=FILE" into its label (in buf) and file; a name
 * that is a file as it stands, or whose part before '=' holds a '/', is
 * a file. */
static const char *split_label(const char *arg, char *buf, size_t len,
			       const char **label)
{
	const char *eq = strchr(arg, '=');

	*label = NULL;
	if (!eq || eq == arg || (size_t)(eq - arg) >= len || !access(arg, F_OK) ||
	    memchr(arg, '/', (size_t)(eq - arg)))
		return arg;
	memcpy(buf, arg, (size_t)(eq - arg));
	buf[eq - arg] = '\0';
	*label = buf;
	return eq + 1;
}

static int write_text(FILE *out, const void *set)
{
	return cmp_text(out, set);
}

static int write_json(FILE *out, const void *set)
{
	return cmp_json(out, set);
}

static int write_html(FILE *out, const void *set)
{
	return cmp_html(out, set);
}

/* base_first - the documents labelled base moved to the front, the order
 * otherwise kept, so that base is the first group.  Returns 0, or -ENOENT
 * (said) when no document has that label. */
static int base_first(struct cmp_doc *docs, unsigned n, const char *base)
{
	unsigned front = 0;

	for (unsigned i = 0; i < n; i++) {
		struct cmp_doc d = docs[i];

		if (strcmp(d.label, base))
			continue;
		memmove(&docs[front + 1], &docs[front], (i - front) * sizeof(*docs));
		docs[front++] = d;
	}
	if (front)
		return 0;
	err_printf("compare: --base='%s': no document is labelled so (the first is '%s')",
		   base, n ? docs[0].label : "");
	return -ENOENT;
}

/* compare - read every document, then write what was asked. */
static int compare(const struct compare_args *a, struct cmp_doc *docs)
{
	struct cmp_set set;
	struct diag d = { { 0 } };
	unsigned n;
	int ret = 0, status = EXIT_OK;

	for (n = 0; n < a->nr_files && !ret; n++) {
		const char *label, *file;
		char buf[256];

		file = split_label(a->files[n], buf, sizeof(buf), &label);
		ret = cmp_doc_read(file, label, &docs[n], &d);
	}
	if (ret) {
		diag_print(&d);
		status = ret == -ENOMEM ? EXIT_RUN_FAILED : EXIT_USAGE;
		goto out_release_docs;
	}
	if (a->base && base_first(docs, n, a->base)) {
		status = EXIT_USAGE;
		goto out_release_docs;
	}
	ret = cmp_set_build(docs, n, &set);
	if (ret) {
		err_printf("compare: %s", strerror(-ret));
		status = EXIT_RUN_FAILED;
		goto out_release_set;
	}
	if (a->html && output_write_with(a->html, write_html, &set))
		status = EXIT_RUN_FAILED;
	if (output_write_with(a->output, a->json ? write_json : write_text, &set))
		status = EXIT_RUN_FAILED;
out_release_set:
	cmp_set_release(&set);
out_release_docs:
	for (unsigned i = 0; i < n; i++)
		cmp_doc_release(&docs[i]);
	return status;
}

int cmd_compare(int argc, char **argv)
{
	struct compare_args a = { 0 };
	struct cmp_doc *docs;
	int status = EXIT_USAGE;

	if (parse_args(argc, argv, &a))
		goto out_free_files;
	if (a.help) {
		compare_usage(stdout);
		status = EXIT_OK;
		goto out_free_files;
	}
	docs = calloc(a.nr_files, sizeof(*docs));
	if (!docs) {
		err_printf("compare: out of memory");
		status = EXIT_RUN_FAILED;
		goto out_free_files;
	}
	status = compare(&a, docs);
	free(docs);
out_free_files:
	free(a.files);
	return status;
}
