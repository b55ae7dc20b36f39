package dev.bduf.metrics.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

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
		StringBuilder regex = new StringBuilder();
		StringBuilder literal = new StringBuilder();
		for (int i = 0; i < glob.length(); i++) {
			char c = glob.charAt(i);
			if (c == '*' || c == '?') {
				if (literal.length() > 0) {
					regex.append(Pattern.quote(literal.toString()));
					literal.setLength(0);
				}
				regex.append((c == '*') ? ".*" : ".");
			}
			else {
				literal.append(c);
			}
		}
		if (literal.length() > 0) {
			regex.append(Pattern.quote(literal.toString()));
		}
		Pattern pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
		return (name) -> pattern.matcher(name).matches();
	}

}
