package dev.bduf.metrics.collector;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.bduf.metrics.RejectionReason;
import org.jspecify.annotations.Nullable;

/**
 * Validates and normalises the tags a caller gives: keys normalised like names, values
 * of type String, Number or Boolean turned into strings, and the keys and values that
 * would break a Prometheus scrape or the cardinality guard refused. A rejection is
 * counted and logged through {@link Rejections}.
 */
final class TagNormalizer {

	/**
	 * The value every key of a name's overflow series holds; a caller's tag may not.
	 */
	static final String OVERFLOW_VALUE = "_overflow_";

	private static final int CACHE_LIMIT = 10_000;

	private final Names names;

	private final Rejections rejections;

	private final ConcurrentHashMap<String, String> folded = new ConcurrentHashMap<>();

	TagNormalizer(Names names, Rejections rejections) {
		this.names = names;
		this.rejections = rejections;
	}

	/**
	 * Validate and normalise a caller's tags.
	 * @param name the metric's name, for messages
	 * @param raw the caller's tags
	 * @return the normalised tags sorted by key, or {@code null} when rejected
	 */
	@Nullable TreeMap<String, String> normalize(String name, Map<String, ?> raw) {
		TreeMap<String, String> result = new TreeMap<>();
		for (Map.Entry<String, ?> tag : raw.entrySet()) {
			String key = tag.getKey();
			Object value = tag.getValue();
			if (key == null || value == null) {
				this.rejections.reject(RejectionReason.NULL_TAG, "Metric '%s' was given a null tag %s: %s", name,
						(key == null) ? "key" : "value for", key);
				return null;
			}
			String normalizedKey = this.names.normalize(key);
			if (normalizedKey == null) {
				this.rejections.reject(RejectionReason.INVALID_TAG,
						"Metric '%s' was given the tag key '%s'; a tag key needs a letter or digit", name, key);
				return null;
			}
			if (isReservedKey(normalizedKey)) {
				// Prometheus reserves them for histogram buckets and summary quantiles: a
				// summary or timer carrying one makes the whole scrape fail
				this.rejections.reject(RejectionReason.INVALID_TAG,
						"Metric '%s' was given the tag key '%s', which Prometheus reserves for buckets and quantiles",
						name, key);
				return null;
			}
			if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
				this.rejections.reject(RejectionReason.INVALID_TAG,
						"Metric '%s' was given a %s as the value of tag '%s'; tag values are String, Number or Boolean",
						name, value.getClass().getName(), key);
				return null;
			}
			String text = value.toString();
			if (OVERFLOW_VALUE.equals(text)) {
				this.rejections.reject(RejectionReason.INVALID_TAG,
						"Metric '%s' was given the value '%s' for tag '%s'; that value is reserved for the overflow "
								+ "series of the cardinality guard",
						name, text, key);
				return null;
			}
			String previous = result.put(normalizedKey, text);
			if ((previous != null && !previous.equals(text)) || foldsLikeAnother(normalizedKey, result)) {
				// two spellings of one key with one value are one tag; with two values, or
				// keys Prometheus reads as one label, the tags are ambiguous
				this.rejections.reject(RejectionReason.INVALID_TAG,
						"Metric '%s' was given tag keys %s, two of which differ only in case, '.', '-' or '_'; "
								+ "Prometheus sees them as one label and the whole scrape would fail",
						name, raw.keySet());
				return null;
			}
		}
		return result;
	}

	/**
	 * Whether a caller's tags are valid and already in normal form (normalised keys,
	 * String values), so that they equal their normalised tags. Allocates nothing once
	 * the keys have been seen.
	 * @param raw the caller's tags
	 * @return {@code true} when normalising them would change nothing
	 */
	boolean isNormal(Map<String, ?> raw) {
		for (Map.Entry<String, ?> tag : raw.entrySet()) {
			String key = tag.getKey();
			if (key == null || !(tag.getValue() instanceof String value) || OVERFLOW_VALUE.equals(value)
					|| !key.equals(this.names.normalize(key)) || isReservedKey(key)) {
				return false;
			}
		}
		if (raw.size() > 1) {
			for (String key : raw.keySet()) {
				String fold = fold(key);
				for (String other : raw.keySet()) {
					if (other != key && !other.equals(key) && fold(other).equals(fold)) {
						return false;
					}
				}
			}
		}
		return true;
	}

	private static boolean isReservedKey(String key) {
		return key.equals("le") || key.equals("quantile");
	}

	private boolean foldsLikeAnother(String key, Map<String, String> keys) {
		if (keys.size() < 2) {
			return false;
		}
		String fold = fold(key);
		for (String other : keys.keySet()) {
			if (!other.equals(key) && fold(other).equals(fold)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The label name Prometheus makes of a key: it reads '.' and '-' as '_', replaces a
	 * leading digit with '_' and folds leading underscores. Cached up to a bound.
	 */
	private String fold(String key) {
		String cached = this.folded.get(key);
		if (cached != null) {
			return cached;
		}
		String fold = foldUncached(key);
		if (this.folded.size() < CACHE_LIMIT) {
			this.folded.putIfAbsent(key, fold);
		}
		return fold;
	}

	static String foldUncached(String key) {
		String folded = key.replace('.', '_').replace('-', '_');
		if (Character.isDigit(folded.charAt(0))) {
			folded = "_" + folded.substring(1);
		}
		int start = 0;
		while (start + 1 < folded.length() && folded.charAt(start) == '_' && folded.charAt(start + 1) == '_') {
			start++;
		}
		return folded.substring(start);
	}

}
