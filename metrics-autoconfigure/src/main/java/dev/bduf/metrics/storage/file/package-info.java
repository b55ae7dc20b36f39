/**
 * The file storage backend: append-only segment files of CRC32C-framed records, recovered
 * up to the last complete record on open, rolled by size and time, and retained by
 * deleting whole segments older than the retention.
 */
@NullMarked
package dev.bduf.metrics.storage.file;

import org.jspecify.annotations.NullMarked;
