package dev.bduf.metrics.collector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Adds the application's default tags ({@code service}, {@code version},
 * {@code environment}, {@code instance_id}) to every meter of a registry that lacks them:
 * a meter's own tag with the same key always wins. Unlike
 * {@link MeterFilter#commonTags(Iterable)} it adds nothing when a meter already has the
 * key, so it can be applied more than once, before or after other filters.
 * <p>
 * The auto-configuration registers it as a bean, which Spring Boot applies to every
 * {@code MeterRegistry} (Boot's own JVM and HTTP meters included), and leaves out the keys
 * set with {@code management.metrics.tags.*}, so Boot's common tags win whatever order
 * the filters are applied in.
 */
public final class DefaultTagsMeterFilter implements MeterFilter {

	private final Map<String, String> tags;

	private final List<Tag> tagList;

	/**
	 * A filter that adds the given tags.
	 * @param tags the tags, by key; entries with a blank key or value are left out
	 */
	public DefaultTagsMeterFilter(Map<String, String> tags) {
		Map<String, String> copy = new LinkedHashMap<>();
		List<Tag> list = new ArrayList<>();
		tags.forEach((key, value) -> {
			if (key != null && !key.isBlank() && value != null && !value.isBlank()) {
				copy.put(key, value);
				list.add(Tag.of(key, value));
			}
		});
		this.tags = Collections.unmodifiableMap(copy);
		this.tagList = List.copyOf(list);
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		List<Tag> missing = null;
		for (Tag tag : this.tagList) {
			if (id.getTag(tag.getKey()) == null) {
				if (missing == null) {
					missing = new ArrayList<>(this.tagList.size());
				}
				missing.add(tag);
			}
		}
		return (missing != null) ? id.withTags(missing) : id;
	}

	/**
	 * Return the tags this filter adds.
	 * @return the tags, by key, in the order given
	 */
	public Map<String, String> getTags() {
		return this.tags;
	}

	@Override
	public String toString() {
		return "DefaultTagsMeterFilter" + this.tags;
	}

}
