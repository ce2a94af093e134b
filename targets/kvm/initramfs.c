/* SPDX-License-Identifier: MIT */
/*
 * initramfs.c - the appliance guest's initramfs (initramfs.h).
 */
#include "targets/kvm/initramfs.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "targets/kvm/cpio.h"
#include "targets/kvm/kmod.h"

/* mkdir_p - make dir and its parents. */
static int mkdir_p(const char *dir)
{
	char buf[4096];
	size_t n = strlen(dir);

	if (n >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, dir, n + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

int initramfs_cache_dir(char *dir, size_t size, struct diag *d)
{
	const char *env = getenv("IOSTRESS_CACHE_DIR");
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int ret;

	if (env && *env)
		snprintf(dir, size, "%s", env);
	else if (geteuid() == 0)
		snprintf(dir, size, "/var/cache/iostress");
	else if (xdg && *xdg)
		snprintf(dir, size, "%s/iostress", xdg);
	else
		snprintf(dir, size, "%s/.cache/iostress", home ? home : "/tmp");
	ret = mkdir_p(dir);
	if (ret)
		diag_set(d, NULL, "kvm: unable to make the cache directory '%s': %s",
			 dir, strerror(-ret));
	return ret;
}

/* hash_file - fold the file's bytes into st. */
static int hash_file(XXH64_state_t *st, const char *path)
{
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		XXH64_update(st, buf, (size_t)n);
	if (n < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* base_hash - what the base archive is made of, hashed. */
static int base_hash(const char *worker, const struct kvm_kernel *k,
		     const struct kmod_list *mods, uint64_t *out, struct diag *d)
{
	XXH64_state_t *st = XXH64_createState();
	int ret;

	if (!st)
		return -ENOMEM;
	XXH64_reset(st, 0);
	ret = hash_file(st, worker);
	if (ret)
		diag_set(d, NULL, "kvm: unable to read the worker '%s': %s", worker,
			 strerror(-ret));
	XXH64_update(st, k->version, strlen(k->version) + 1);
	for (unsigned i = 0; !ret && i < mods->nr; i++) {
		XXH64_update(st, mods->paths[i], strlen(mods->paths[i]) + 1);
		ret = hash_file(st, mods->paths[i]);
		if (ret)
			diag_set(d, NULL, "kvm: unable to read module '%s': %s",
				 mods->paths[i], strerror(-ret));
	}
	*out = XXH64_digest(st);
	XXH64_freeState(st);
	return ret;
}

/* write_base - the archive itself, on f. */
static int write_base(FILE *f, const char *worker, const struct kmod_list *mods)
{
	struct cpio_writer w;
	char *list = NULL, path[512];
	size_t len = 0;
	FILE *lf = open_memstream(&list, &len);
	int ret;

	if (!lf)
		return -ENOMEM;
	cpio_begin(&w, f);
	cpio_add_file(&w, "init", 0755, worker);
	cpio_add_dir(&w, "modules", 0755);
	for (unsigned i = 0; i < mods->nr; i++) {
		snprintf(path, sizeof(path), "modules/%s.ko", mods->names[i]);
		cpio_add_file(&w, path, 0644, mods->paths[i]);
		fprintf(lf, "/%s\n", path);
	}
	if (fclose(lf)) {
		free(list);
		return -ENOMEM;
	}
	cpio_add_data(&w, INITRAMFS_MODULES_LIST + 1, 0644, list, len);
	free(list);
	ret = cpio_end(&w);
	return ret;
}

/* prune - keep the INITRAMFS_KEEP newest base archives in cachedir (a
 * new worker build or kernel makes a new one each time). */
static void prune(const char *cachedir)
{
	struct dirent **names = NULL;
	struct { char path[4200]; time_t mtime; } *found;
	int n = scandir(cachedir, &names, NULL, alphasort), nr = 0;

	if (n < 0)
		return;
	found = calloc((size_t)n, sizeof(*found));
	for (int i = 0; i < n; i++) {
		struct stat st;
		size_t len = strlen(names[i]->d_name);

		if (found && !strncmp(names[i]->d_name, "initramfs-", 10) && len > 5 &&
		    !strcmp(names[i]->d_name + len - 5, ".cpio")) {
			snprintf(found[nr].path, sizeof(found[nr].path), "%s/%s", cachedir,
				 names[i]->d_name);
			if (!stat(found[nr].path, &st)) {
				found[nr].mtime = st.st_mtime;
				nr++;
			}
		}
		free(names[i]);
	}
	free(names);
	while (nr > INITRAMFS_KEEP) {
		int oldest = 0;

		for (int i = 1; i < nr; i++)
			if (found[i].mtime < found[oldest].mtime)
				oldest = i;
		unlink(found[oldest].path);
		found[oldest] = found[--nr];
	}
	free(found);
}

int initramfs_base(const char *worker, const struct kvm_kernel *k,
		   const char *const *wanted, unsigned nr, const char *cachedir,
		   char *path, size_t size, int *built, struct diag *d)
{
	struct kmod_list mods = { 0 };
	char tmp[4200];
	uint64_t hash;
	FILE *f;
	int ret;

	*built = 0;
	ret = kmod_resolve(k->moddir, wanted, nr, &mods, d);
	if (ret)
		return ret;
	ret = base_hash(worker, k, &mods, &hash, d);
	if (ret)
		goto out_release_mods;
	snprintf(path, size, "%s/initramfs-%016" PRIx64 ".cpio", cachedir, hash);
	if (!access(path, R_OK))
		goto out_release_mods;		/* cached */
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	f = fopen(tmp, "wbe");
	if (!f) {
		ret = -errno;
		diag_set(d, NULL, "kvm: unable to write '%s': %s", tmp, strerror(-ret));
		goto out_release_mods;
	}
	ret = write_base(f, worker, &mods);
	if (fclose(f) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		diag_set(d, NULL, "kvm: unable to write the initramfs '%s': %s", path,
			 strerror(-ret));
		unlink(tmp);
		goto out_release_mods;
	}
	*built = 1;
	prune(cachedir);

out_release_mods:
	kmod_list_release(&mods);
	return ret;
}

/* copy_into - append the file at src to f. */
static int copy_into(FILE *f, const char *src)
{
	char buf[65536];
	size_t n;
	FILE *in = fopen(src, "rbe");
	int ret = 0;

	if (!in)
		return -errno;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, f) != n) {
			ret = -EIO;
			break;
		}
	if (!ret && ferror(in))
		ret = -EIO;
	fclose(in);
	return ret;
}

int initramfs_boot(const char *base, const char *jobs, size_t len,
		   const char *out, struct diag *d)
{
	struct cpio_writer w;
	FILE *f = fopen(out, "wbe");
	int ret;

	if (!f) {
		ret = -errno;
		diag_set(d, NULL, "kvm: unable to write '%s': %s", out, strerror(-ret));
		return ret;
	}
	ret = copy_into(f, base);
	if (!ret) {
		cpio_begin(&w, f);
		cpio_add_data(&w, "jobs", 0644, jobs, len);
		ret = cpio_end(&w);
	}
	if (fclose(f) && !ret)
		ret = -errno;
	if (ret) {
		diag_set(d, NULL, "kvm: unable to write the boot archive '%s': %s",
			 out, strerror(-ret));
		unlink(out);
	}
	return ret;
}
