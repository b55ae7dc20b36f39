package dev.bduf.metrics.business;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Bounds the distinct values of one free-text tag: the first {@code max} values are kept,
 * every later new value reads {@value #OTHER}. Values are stripped, lower-cased (or
 * upper-cased, for currency codes) and cut to {@value #MAX_LENGTH} characters; a missing
 * value reads {@value #UNKNOWN}. Lock-free: a known value costs one map lookup.
 */
final class TagValueLimiter {

	static final String OTHER = "other";

	static final String UNKNOWN = "unknown";

	static final int MAX_LENGTH = 64;

	private final ConcurrentHashMap<String, String> known = new ConcurrentHashMap<>();

	private final AtomicInteger size = new AtomicInteger();

	private final int max;

	private final boolean upperCase;

	TagValueLimiter(int max, boolean upperCase) {
		this.max = Math.max(0, max);
		this.upperCase = upperCase;
	}

	String value(@Nullable String raw) {
		if (raw == null) {
			return UNKNOWN;
		}
		String cached = this.known.get(raw);
		if (cached != null) {
			return cached;
		}
		String value = normalize(raw);
		if (value.isEmpty()) {
			return UNKNOWN;
		}
		if (this.size.get() >= this.max) {
			return OTHER;
		}
		if (this.size.incrementAndGet() > this.max) {
			this.size.decrementAndGet();
			return OTHER;
		}
		if (this.known.putIfAbsent(raw, value) != null) {
			// another thread added the same value meanwhile
			this.size.decrementAndGet();
		}
		return value;
	}

	int size() {
		return this.known.size();
	}

	private String normalize(String raw) {
		String value = raw.strip();
		value = this.upperCase ? value.toUpperCase(Locale.ROOT) : value.toLowerCase(Locale.ROOT);
		return (value.length() > MAX_LENGTH) ? value.substring(0, MAX_LENGTH) : value;
	}

}
