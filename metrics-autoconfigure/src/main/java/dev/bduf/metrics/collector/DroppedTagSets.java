package dev.bduf.metrics.collector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The tag sets a name refused a series of their own, counted and sampled without a lock:
 * distinct sets are told apart by a 64-bit mix of their hash in a fixed open-addressing
 * table filled by compare-and-set; once the table is three-quarters full every further
 * new hash is counted, so the count is exact up to {@value #TRACKED} sets and an upper
 * bound beyond. The first {@value #SAMPLES} distinct sets are kept as samples, since
 * they usually show the offending tag (a user id, a timestamp).
 */
final class DroppedTagSets {

	static final int SAMPLES = 10;

	private static final int CAPACITY = 1024;

	static final int TRACKED = CAPACITY * 3 / 4;

	private final AtomicLongArray hashes = new AtomicLongArray(CAPACITY);

	private final AtomicInteger tracked = new AtomicInteger();

	private final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();

	private final AtomicReferenceArray<Map<String, String>> samples = new AtomicReferenceArray<>(SAMPLES);

	/**
	 * Count a refused tag set.
	 * @param tags the set, as given or normalised (its {@code hashCode} identifies it)
	 */
	void add(Map<String, ?> tags) {
		long hash = mix(tags.hashCode()) | 1;
		if (this.tracked.get() >= TRACKED) {
			if (!contains(hash)) {
				this.count.incrementAndGet();
			}
			return;
		}
		int mask = CAPACITY - 1;
		for (int i = (int) hash & mask, probes = 0; probes < CAPACITY; i = (i + 1) & mask, probes++) {
			long slot = this.hashes.get(i);
			if (slot == hash) {
				return;
			}
			if (slot == 0) {
				if (this.hashes.compareAndSet(i, 0, hash)) {
					this.tracked.incrementAndGet();
					long n = this.count.incrementAndGet();
					if (n <= SAMPLES) {
						sample(tags);
					}
					return;
				}
				if (this.hashes.get(i) == hash) {
					return;
				}
			}
		}
		this.count.incrementAndGet();
	}

	private boolean contains(long hash) {
		int mask = CAPACITY - 1;
		for (int i = (int) hash & mask, probes = 0; probes < CAPACITY; i = (i + 1) & mask, probes++) {
			long slot = this.hashes.get(i);
			if (slot == hash) {
				return true;
			}
			if (slot == 0) {
				return false;
			}
		}
		return false;
	}

	private void sample(Map<String, ?> tags) {
		Map<String, String> copy = new LinkedHashMap<>();
		tags.forEach((key, value) -> copy.put(String.valueOf(key), String.valueOf(value)));
		for (int i = 0; i < SAMPLES; i++) {
			if (this.samples.compareAndSet(i, null, copy)) {
				return;
			}
		}
	}

	long count() {
		return this.count.get();
	}

	List<Map<String, String>> samples() {
		List<Map<String, String>> result = new ArrayList<>(SAMPLES);
		for (int i = 0; i < SAMPLES; i++) {
			Map<String, String> sample = this.samples.get(i);
			if (sample != null) {
				result.add(sample);
			}
		}
		return result;
	}

	private static long mix(int hash) {
		long z = hash * 0x9E3779B97F4A7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		return z ^ (z >>> 31);
	}

}
