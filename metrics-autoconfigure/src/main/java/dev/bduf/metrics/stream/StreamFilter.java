package dev.bduf.metrics.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which series a subscriber gets: a name matching any glob ({@code *} any run of
 * characters, {@code ?} one) and every required tag. Name decisions are cached. Not
 * thread-safe: the hub calls it under its publish lock.
 */
final class StreamFilter {

	private static final int MAX_CACHED_NAMES = 10_000;

	private final List<Predicate<String>> globs;

	private final Map<String, String> tags;

	private final Map<String, Boolean> names = new HashMap<>();

	StreamFilter(List<String> globs, Map<String, String> tags) {
		this.globs = globs.stream().map(StreamFilter::glob).toList();
		this.tags = Map.copyOf(tags);
	}

	boolean matches(String name, Map<String, String> seriesTags) {
		return matchesName(name) && matchesTags(seriesTags);
	}

	boolean matchesName(String name) {
		if (this.globs.isEmpty()) {
			return true;
		}
		Boolean known = this.names.get(name);
		if (known == null) {
			known = false;
			for (Predicate<String> glob : this.globs) {
				if (glob.test(name)) {
					known = true;
					break;
				}
			}
			if (this.names.size() >= MAX_CACHED_NAMES) {
				this.names.clear();
			}
			this.names.put(name, known);
		}
		return known;
	}

	private boolean matchesTags(Map<String, String> seriesTags) {
		for (Map.Entry<String, String> tag : this.tags.entrySet()) {
			if (!tag.getValue().equals(seriesTags.get(tag.getKey()))) {
				return false;
			}
		}
		return true;
	}

	static Predicate<String> glob(String glob) {
		if (glob.equals("*")) {
			return (name) -> true;
		}
		int star = glob.indexOf('*');
		boolean question = glob.indexOf('?') >= 0;
		if (star < 0 && !question) {
			return glob::equals;
		}
		if (!question && star == glob.length() - 1) {
			String prefix = glob.substring(0, star);
			return (name) -> name.startsWith(prefix);
		}
		return (name) -> wildcardMatches(glob, name);
	}

	/**
	 * Whether a name matches a glob of {@code *} and {@code ?}, in time proportional to
	 * their lengths' product at worst: a mismatch after a star only moves that star on by
	 * one character, it never backtracks over earlier stars (a regular expression such
	 * as {@code .*a.*a.*b} would, exponentially).
	 */
	static boolean wildcardMatches(String glob, String name) {
		int g = 0;
		int n = 0;
		int star = -1;
		int resume = 0;
		while (n < name.length()) {
			char c = (g < glob.length()) ? glob.charAt(g) : 0;
			if (g < glob.length() && (c == '?' || (c != '*' && c == name.charAt(n)))) {
				g++;
				n++;
			}
			else if (g < glob.length() && c == '*') {
				star = g++;
				resume = n;
			}
			else if (star >= 0) {
				g = star + 1;
				n = ++resume;
			}
			else {
				return false;
			}
		}
		while (g < glob.length() && glob.charAt(g) == '*') {
			g++;
		}
		return g == glob.length();
	}

}
