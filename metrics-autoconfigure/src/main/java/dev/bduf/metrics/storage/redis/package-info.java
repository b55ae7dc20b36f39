/**
 * The Redis storage backend: snapshots written by a background thread in pipelined
 * batches under namespaced keys with a TTL per resolution, an index of instances and
 * names for cluster-wide reads, and a bounded buffer that rides out an outage.
 */
@NullMarked
package dev.bduf.metrics.storage.redis;

import org.jspecify.annotations.NullMarked;
