package dev.bduf.metrics.tracking;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.StringUtils;

/**
 * The parameters of a method that opted in as tags with {@link TrackedTag}, each with a
 * cap on its distinct values: once a parameter has shown {@code max} values, further
 * values are recorded as {@value #OTHER}, so no argument can create unbounded series.
 */
final class ArgumentTags {

	static final String OTHER = "other";

	private static final int MAX_VALUE_LENGTH = 64;

	private final int[] indexes;

	private final String[] keys;

	private final List<Set<String>> seen;

	private final int max;

	private ArgumentTags(int[] indexes, String[] keys, int max) {
		this.indexes = indexes;
		this.keys = keys;
		this.max = max;
		this.seen = new ArrayList<>(keys.length);
		for (int i = 0; i < keys.length; i++) {
			this.seen.add(ConcurrentHashMap.newKeySet());
		}
	}

	static @Nullable ArgumentTags of(Method method, int max) {
		Parameter[] parameters = method.getParameters();
		List<Integer> indexes = new ArrayList<>();
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < parameters.length; i++) {
			TrackedTag tag = MergedAnnotations.from(parameters[i]).get(TrackedTag.class).synthesize(
					(annotation) -> annotation.isPresent()).orElse(null);
			if (tag != null) {
				indexes.add(i);
				keys.add(StringUtils.hasText(tag.value()) ? tag.value() : parameters[i].getName());
			}
		}
		if (indexes.isEmpty()) {
			return null;
		}
		return new ArgumentTags(indexes.stream().mapToInt(Integer::intValue).toArray(), keys.toArray(String[]::new),
				max);
	}

	/**
	 * The tag keys, one per opted-in parameter.
	 * @return the keys
	 */
	List<String> keys() {
		return List.of(this.keys);
	}

	/**
	 * The tags of one call's arguments, each value capped.
	 * @param args the arguments
	 * @return the tags
	 */
	Map<String, String> tags(Object[] args) {
		Map<String, String> tags = new LinkedHashMap<>();
		for (int i = 0; i < this.keys.length; i++) {
			int index = this.indexes[i];
			Object arg = (index < args.length) ? args[index] : null;
			tags.put(this.keys[i], guard(i, String.valueOf(arg)));
		}
		return tags;
	}

	private String guard(int i, String value) {
		String bounded = (value.length() > MAX_VALUE_LENGTH) ? value.substring(0, MAX_VALUE_LENGTH) : value;
		Set<String> values = this.seen.get(i);
		if (values.contains(bounded)) {
			return bounded;
		}
		synchronized (values) {
			if (values.contains(bounded) || values.size() < this.max) {
				values.add(bounded);
				return bounded;
			}
		}
		return OTHER;
	}

}
