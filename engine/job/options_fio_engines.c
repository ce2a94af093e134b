/* SPDX-License-Identifier: MIT */
/*
 * options_fio_engines.c - fio's engines and the options that belong to
 * them, so that a job file for an engine iostress lacks is refused naming
 * that engine ("'nfs_url' is an option of fio's nfs engine, ...") rather
 * than an option or a value that would look like a typo.
 *
 * From fio 3.33's sources: the ioengine_ops names and option tables of
 * its engines/ directory, and its external example engines (engines/null.c
 * built with FIO_EXTERNAL_ENGINE as "cpp_null", skeleton_external.c as
 * "engine_name").  Options of engines iostress has (hipri, nowait,
 * userspace_reap, ...) are not here: those are plain fio options iostress
 * does not support (opt_fio_unsupported in options_table.c).
 */
#include <stddef.h>
#include <string.h>

#include "lib/array.h"
#include "job/options_impl.h"

/* Every engine fio 3.33 builds in, "external" for ioengine=external:PATH. */
static const char *const fio_engines[] = {
	"sync", "psync", "vsync", "pvsync", "pvsync2", "libaio", "io_uring",
	"io_uring_cmd", "posixaio", "solarisaio", "windowsaio", "mmap",
	"splice", "sg", "null", "net", "netsplice", "cpuio", "rdma", "falloc",
	"ftruncate", "e4defrag", "rados", "rbd", "http", "gfapi",
	"gfapi_async", "libhdfs", "mtd", "dev-dax", "libpmem", "pmemblk",
	"ime_psync", "ime_psyncv", "ime_aio", "libiscsi", "nbd", "libcufile",
	"dfs", "nfs", "exec", "filecreate", "filestat", "filedelete", "xnvme",
	"librpma_apm_client", "librpma_apm_server", "librpma_gpspm_client",
	"librpma_gpspm_server", "spdk", "external",
};

/* A name and what to say of it. */
struct named {
	const char *name;
	const char *text;
};

/* The external engines of fio's source tree, loaded from a shared object. */
static const struct named fio_external_engines[] = {
	{ "cpp_null", "fio's engines/null.c built as an external C++ engine" },
	{ "engine_name", "fio's engines/skeleton_external.c, a template" },
};

/* Options of the engines iostress lacks, with the engines they belong to. */
static const struct named fio_engine_options[] = {
	{ "arguments", "exec engine" },
	{ "bindname", "rdma engine" },
	{ "brick", "gfapi and gfapi_async engines" },
	{ "busy_poll", "rados and rbd engines" },
	{ "busy_wait_polling", "librpma_* engines" },
	{ "chunk_size", "dfs and libhdfs engines" },
	{ "clientname", "rados and rbd engines" },
	{ "clustername", "rados and rbd engines" },
	{ "cmd_type", "io_uring_cmd engine" },
	{ "conf", "rados engine" },
	{ "cont", "dfs engine" },
	{ "cpuchunks", "cpuio engine" },
	{ "cpuload", "cpuio engine" },
	{ "cpumode", "cpuio engine" },
	{ "cuda_io", "libcufile engine" },
	{ "direct_write_to_pmem", "librpma_* engines" },
	{ "donorname", "e4defrag engine" },
	{ "exit_on_io_done", "cpuio engine" },
	{ "gpu_dev_ids", "libcufile engine" },
	{ "grace_time", "exec engine" },
	{ "hdfs_use_direct", "libhdfs engine" },
	{ "hdfsdirectory", "libhdfs engine" },
	{ "hostname", "libhdfs, net and rdma engines" },
	{ "http_host", "http engine" },
	{ "http_mode", "http engine" },
	{ "http_pass", "http engine" },
	{ "http_s3_key", "http engine" },
	{ "http_s3_keyid", "http engine" },
	{ "http_s3_region", "http engine" },
	{ "http_s3_sse_customer_algorithm", "http engine" },
	{ "http_s3_sse_customer_key", "http engine" },
	{ "http_s3_storage_class", "http engine" },
	{ "http_swift_auth_token", "http engine" },
	{ "http_user", "http engine" },
	{ "http_verbose", "http engine" },
	{ "https", "http engine" },
	{ "initiator", "libiscsi engine" },
	{ "inplace", "e4defrag engine" },
	{ "interface", "net engine" },
	{ "listen", "net engine" },
	{ "mss", "net engine" },
	{ "namenode", "libhdfs engine" },
	{ "nfs_url", "nfs engine" },
	{ "no_completion_thread", "windowsaio engine" },
	{ "nodelay", "net engine" },
	{ "object_class", "dfs engine" },
	{ "pingpong", "net engine" },
	{ "pool", "dfs, rados and rbd engines" },
	{ "port", "libhdfs, librpma_*, net and rdma engines" },
	{ "program", "exec engine" },
	{ "protocol", "net engine" },
	{ "rbdname", "rbd engine" },
	{ "readfua", "sg engine" },
	{ "serverip", "librpma_* engines" },
	{ "sg_write_mode", "sg engine" },
	{ "single-instance", "gfapi and gfapi_async engines" },
	{ "single_instance", "libhdfs engine" },
	{ "skip_bad", "mtd engine" },
	{ "stat_type", "filestat engine" },
	{ "std_redirect", "exec engine" },
	{ "stream_id", "sg engine" },
	{ "svcl", "dfs engine" },
	{ "thp", "mmap engine" },
	{ "touch_objects", "rados engine" },
	{ "ttl", "net engine" },
	{ "uri", "nbd engine" },
	{ "verb", "rdma engine" },
	{ "volume", "gfapi and gfapi_async engines" },
	{ "window_size", "net engine" },
	{ "writefua", "sg engine" },
	{ "xnvme_admin", "xnvme engine" },
	{ "xnvme_async", "xnvme engine" },
	{ "xnvme_be", "xnvme engine" },
	{ "xnvme_dev_nsid", "xnvme engine" },
	{ "xnvme_iovec", "xnvme engine" },
	{ "xnvme_sync", "xnvme engine" },
};

/* is_engine - val is name, or "name:..." (fio's ioengine=external:PATH). */
static bool is_engine(const char *val, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(val, name, n) && (!val[n] || val[n] == ':');
}

const char *opt_fio_engine(const char *val)
{
	for (size_t i = 0; i < ARRAY_SIZE(fio_external_engines); i++)
		if (is_engine(val, fio_external_engines[i].name))
			return fio_external_engines[i].text;
	for (size_t i = 0; i < ARRAY_SIZE(fio_engines); i++)
		if (is_engine(val, fio_engines[i]))
			return "";
	return NULL;
}

const char *opt_fio_engine_option(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(fio_engine_options); i++)
		if (!strcmp(fio_engine_options[i].name, key))
			return fio_engine_options[i].text;
	return NULL;
}
