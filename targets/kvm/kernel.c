/* SPDX-License-Identifier: MIT */
/*
 * kernel.c - choosing the appliance guest's kernel among the host's
 * (targets/kvm/kernel.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "targets/kvm/kernel.h"

#define IMAGE_PREFIX	"vmlinuz-"
#define INSTALL_HINT	"apt-get install linux-image-amd64"

/* ------------------------------------------------------------------------
 * Version order
 */

/* ver_order - the weight of a non-digit character in version order: '~'
 * before the end, the end before letters, letters before the rest. */
static int ver_order(unsigned char c)
{
	if (isdigit(c) || !c)
		return 0;
	if (isalpha(c))
		return c;
	if (c == '~')
		return -1;
	return c + UCHAR_MAX + 1;
}

/*
 * ver_cmp - <0, 0 or >0 as a sorts before, with or after b in version
 * order (Debian's, which `sort -V` uses): alternate runs of non-digits,
 * compared character by character, and of digits, compared as numbers,
 * so "6.1.0-10-amd64" comes after "6.1.0-9-amd64".
 */
static int ver_cmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p || *q) {
		int diff = 0;

		while ((*p && !isdigit(*p)) || (*q && !isdigit(*q))) {
			int x = ver_order(*p), y = ver_order(*q);

			/* Equal weights here are one character on each side. */
			if (x != y)
				return x - y;
			p++;
			q++;
		}
		while (*p == '0')
			p++;
		while (*q == '0')
			q++;
		while (isdigit(*p) && isdigit(*q)) {
			if (!diff)
				diff = *p - *q;
			p++;
			q++;
		}
		if (isdigit(*p))
			return 1;
		if (isdigit(*q))
			return -1;
		if (diff)
			return diff;
	}
	return 0;
}

/* ------------------------------------------------------------------------
 * Candidates
 */

/* readable_file - path is a regular file this process can open. */
static bool readable_file(const char *path)
{
	struct stat st;
	int fd;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* fill - k for image and version, moddir under modules.  Returns 0, or
 * -ENAMETOOLONG when a name does not fit k. */
static int fill(struct kvm_kernel *k, const char *image, const char *version,
		const char *modules)
{
	if (strlen(image) >= sizeof(k->image) ||
	    strlen(version) >= sizeof(k->version))
		return -ENAMETOOLONG;
	if ((size_t)snprintf(k->moddir, sizeof(k->moddir), "%s/%s", modules,
			     version) >= sizeof(k->moddir))
		return -ENAMETOOLONG;
	strcpy(k->image, image);
	strcpy(k->version, version);
	return 0;
}

/* has_modules - k->moddir holds a readable modules.dep; its path in dep. */
static bool has_modules(const struct kvm_kernel *k, char *dep, size_t len)
{
	if ((size_t)snprintf(dep, len, "%s/modules.dep", k->moddir) >= len)
		return false;
	return readable_file(dep);
}

/* find_given - the image the user named, as it is. */
static int find_given(const char *want, const char *modules,
		      struct kvm_kernel *k, struct diag *d)
{
	const char *base = strrchr(want, '/');
	struct kvm_kernel cand;
	char dep[PATH_MAX];
	int ret;

	base = base ? base + 1 : want;
	if (!readable_file(want)) {
		diag_set(d, NULL, "kernel image '%s' is not a readable file",
			 want);
		return -ENOENT;
	}
	if (strncmp(base, IMAGE_PREFIX, strlen(IMAGE_PREFIX)) ||
	    !base[strlen(IMAGE_PREFIX)]) {
		diag_set(d, NULL, "kernel image '%s' is not named "
			 IMAGE_PREFIX "VERSION, so its modules in '%s' "
			 "cannot be found", want, modules);
		return -ENOENT;
	}
	ret = fill(&cand, want, base + strlen(IMAGE_PREFIX), modules);
	if (ret) {
		diag_set(d, NULL, "kernel image name too long '%s'", want);
		return ret;
	}
	if (!has_modules(&cand, dep, sizeof(dep))) {
		diag_set(d, NULL, "kernel image '%s' has no modules: '%s' is "
			 "missing (apt-get install linux-image-%s)", want, dep,
			 cand.version);
		return -ENOENT;
	}
	*k = cand;
	return 0;
}

/* newer - whether version a comes after b, "" before everything; equal
 * versions go by byte order, so directory order never matters. */
static bool newer(const char *a, const char *b)
{
	int c;

	if (!*b)
		return true;
	c = ver_cmp(a, b);
	return c > 0 || (!c && strcmp(a, b) > 0);
}

/* The scan of a boot directory: the newest usable kernel so far, and the
 * newest image that could not be used, for the message when none is. */
struct scan {
	struct kvm_kernel best;		/* best.version "" for none yet */
	struct kvm_kernel skipped;	/* skipped.version "" for none */
	char skipped_dep[PATH_MAX];	/* its missing modules.dep, or "" when
					 * the image itself is unreadable */
};

/* consider - boot/name, a vmlinuz-VERSION, for s. */
static void consider(struct scan *s, const char *boot, const char *name,
		     const char *modules)
{
	const char *version = name + strlen(IMAGE_PREFIX);
	char image[PATH_MAX], dep[PATH_MAX];
	struct kvm_kernel cand;
	bool readable;

	if (!newer(version, s->best.version))
		return;
	if ((size_t)snprintf(image, sizeof(image), "%s/%s", boot, name) >=
	    sizeof(image) || fill(&cand, image, version, modules))
		return;
	readable = readable_file(image);
	if (readable && has_modules(&cand, dep, sizeof(dep))) {
		s->best = cand;
		return;
	}
	if (newer(version, s->skipped.version)) {
		s->skipped = cand;
		strcpy(s->skipped_dep, readable ? dep : "");
	}
}

/* find_newest - the newest usable boot/vmlinuz-VERSION. */
static int find_newest(const char *boot, const char *modules,
		       struct kvm_kernel *k, struct diag *d)
{
	struct scan *s;
	struct dirent *e;
	DIR *dir;
	int ret = 0;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	dir = opendir(boot);
	if (!dir) {
		diag_set(d, NULL, "no kernel: unable to open '%s': %s (%s)",
			 boot, strerror(errno), INSTALL_HINT);
		ret = -ENOENT;
		goto out_free;
	}
	while ((e = readdir(dir))) {
		if (strncmp(e->d_name, IMAGE_PREFIX, strlen(IMAGE_PREFIX)) ||
		    !e->d_name[strlen(IMAGE_PREFIX)])
			continue;
		consider(s, boot, e->d_name, modules);
	}
	closedir(dir);

	if (*s->best.version) {
		*k = s->best;
	} else {
		ret = -ENOENT;
		if (!*s->skipped.version)
			diag_set(d, NULL, "no kernel in '%s': no " IMAGE_PREFIX
				 "VERSION there (%s)", boot, INSTALL_HINT);
		else if (!*s->skipped_dep)
			diag_set(d, NULL, "no usable kernel in '%s': '%s' is "
				 "not a readable file (%s)", boot,
				 s->skipped.image, INSTALL_HINT);
		else
			diag_set(d, NULL, "no usable kernel in '%s': '%s' has "
				 "no '%s' (%s)", boot, s->skipped.image,
				 s->skipped_dep, INSTALL_HINT);
	}
out_free:
	free(s);
	return ret;
}

int kvm_kernel_find(const char *want, const char *boot, const char *modules,
		    struct kvm_kernel *k, struct diag *d)
{
	if (want && *want)
		return find_given(want, modules, k, d);
	return find_newest(boot, modules, k, d);
}
