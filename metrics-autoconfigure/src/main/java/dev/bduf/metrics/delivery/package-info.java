/**
 * Delivery over the network shared by the features that push data out: one HTTP POST
 * with a timeout, retried with a doubling backoff on the failures worth retrying.
 */
@NullMarked
package dev.bduf.metrics.delivery;

import org.jspecify.annotations.NullMarked;
