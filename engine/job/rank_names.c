/* SPDX-License-Identifier: MIT */
#include "job/rank_names.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"

/* The keywords resolved here; the worker expands the rest. */
struct rank_keyword {
	const char *word;
	const char *value;	/* NULL: left as it is */
};

/* substitute - fmt with every keyword of kw[0..nr) replaced, malloc'd,
 * or NULL on ENOMEM. */
static char *substitute(const char *fmt, const struct rank_keyword *kw,
			unsigned nr)
{
	size_t len = 0, cap = strlen(fmt) + 1;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	while (*fmt) {
		const char *add = NULL;
		size_t skip = 1, alen;

		for (unsigned k = 0; k < nr && !add; k++) {
			size_t wl = strlen(kw[k].word);

			if (kw[k].value && !strncmp(fmt, kw[k].word, wl)) {
				add = kw[k].value;
				skip = wl;
			}
		}
		alen = add ? strlen(add) : 1;
		if (len + alen + 1 > cap) {
			char *grown;

			cap = 2 * (len + alen + 1);
			grown = realloc(out, cap);
			if (!grown) {
				free(out);
				return NULL;
			}
			out = grown;
		}
		memcpy(out + len, add ? add : fmt, alen);
		len += alen;
		fmt += skip;
	}
	out[len] = '\0';
	return out;
}

int rank_names_resolve(struct job_list *jobs, unsigned rank, unsigned nranks,
		       const char *host)
{
	char num[16];
	const struct rank_keyword kw[] = {
		{ "$rank", num },
		{ "$hostname", host },
		{ "$clientuid", nranks ? num : NULL },
	};

	snprintf(num, sizeof(num), "%u", rank);
	for (unsigned i = 0; i < jobs->nr; i++) {
		struct job *job = &jobs->jobs[i];
		const char *fmt = job->filename_format;
		char *resolved;

		if (!fmt && !job->filename && nranks > 1)
			fmt = RANK_NAMES_DEFAULT;
		if (!fmt)
			continue;
		resolved = substitute(fmt, kw, ARRAY_SIZE(kw));
		if (!resolved)
			return -ENOMEM;
		free(job->filename_format);
		job->filename_format = resolved;
	}
	return 0;
}
