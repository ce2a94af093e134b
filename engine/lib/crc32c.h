/* SPDX-License-Identifier: MIT */
/*
 * crc32c.h - CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as
 * used by iSCSI, ext4 and btrfs: crc32c("123456789") = 0xE3069283.
 *
 * Uses the SSE4.2 crc32 instruction when the CPU has it (checked once, on
 * first use), and software slicing-by-8 otherwise.  Both give the same
 * result.
 *
 * Hand-written because the only CRC-32C in Debian 12 is ISA-L's
 * crc32_iscsi() (libisal-dev), a new shared-library dependency not yet
 * measured against this code on verify's 60-byte header CRC.
 */
#ifndef IOSTRESS_CRC32C_H
#define IOSTRESS_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/*
 * crc32c - the CRC of len bytes at buf, continuing from crc.  Pass 0 to
 * start; pass the previous result to continue, so that
 * crc32c(crc32c(0, a, n), b, m) equals the CRC of a followed by b.
 */
uint32_t crc32c(uint32_t crc, const void *buf, size_t len);

/* crc32c_sw - the software implementation (tests compare the two). */
uint32_t crc32c_sw(uint32_t crc, const void *buf, size_t len);

#endif
