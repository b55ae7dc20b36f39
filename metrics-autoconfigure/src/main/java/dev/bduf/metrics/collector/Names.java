package dev.bduf.metrics.collector;

import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Normalises metric names and tag keys: lower case, {@code [a-z0-9._-]}, every other
 * character replaced by {@code _}, runs of {@code _} folded and {@code _} trimmed from
 * both ends. Results are cached up to a bound, so a stream of distinct junk names cannot
 * grow the cache without limit.
 */
final class Names {

	private static final int CACHE_LIMIT = 10_000;

	private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

	/**
	 * Normalise a name or tag key, cached.
	 * @param raw the name as given
	 * @return the normalised name, or {@code null} when it holds no letter or digit
	 */
	@Nullable String normalize(String raw) {
		String cached = this.cache.get(raw);
		if (cached != null) {
			return cached;
		}
		String normalized = normalizeUncached(raw);
		if (normalized != null && this.cache.size() < CACHE_LIMIT) {
			this.cache.putIfAbsent(raw, normalized);
		}
		return normalized;
	}

	static @Nullable String normalizeUncached(String raw) {
		StringBuilder out = new StringBuilder(raw.length());
		boolean alphanumeric = false;
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c >= 'A' && c <= 'Z') {
				c = (char) (c + ('a' - 'A'));
			}
			boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
			alphanumeric |= letterOrDigit;
			if (!letterOrDigit && c != '.' && c != '-') {
				c = '_';
			}
			if (c == '_' && (out.length() == 0 || out.charAt(out.length() - 1) == '_')) {
				continue;
			}
			out.append(c);
		}
		if (!alphanumeric) {
			return null;
		}
		int end = out.length();
		while (end > 0 && out.charAt(end - 1) == '_') {
			end--;
		}
		return out.substring(0, end);
	}

}
