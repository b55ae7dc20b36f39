package dev.bduf.metrics.storage;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.bduf.metrics.history.Resolution;
import org.jspecify.annotations.Nullable;

/**
 * What {@link MetricsStorage#read} reads.
 *
 * @param name the meter name, exactly as registered
 * @param tags tags a series must have, with exactly these values (a series may have more
 * tags); empty for every series of the name
 * @param from the earliest step start to read (inclusive)
 * @param to the latest step start to read (exclusive)
 * @param resolution the resolution to read
 * @param instanceId the instance to read, or {@code null} for every instance sharing the
 * storage
 * @param maxPoints the most points a caller wants; a backend returns at most one more
 */
public record StorageRead(String name, Map<String, String> tags, Instant from, Instant to, Resolution resolution,
		@Nullable String instanceId, int maxPoints) {

	/**
	 * Validate and copy.
	 * @param name the meter name
	 * @param tags required tags
	 * @param from earliest step start, inclusive
	 * @param to latest step start, exclusive
	 * @param resolution the resolution
	 * @param instanceId the instance or {@code null}
	 * @param maxPoints positive
	 */
	public StorageRead {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(to, "to");
		Objects.requireNonNull(resolution, "resolution");
		tags = Map.copyOf(tags);
		if (maxPoints <= 0) {
			throw new IllegalArgumentException("maxPoints must be positive: " + maxPoints);
		}
	}

	/**
	 * Whether a series' tags match {@link #tags()}.
	 * @param seriesTags the series' tags
	 * @return {@code true} if every required tag is present with its value
	 */
	public boolean matches(Map<String, String> seriesTags) {
		for (Map.Entry<String, String> tag : this.tags.entrySet()) {
			if (!tag.getValue().equals(seriesTags.get(tag.getKey()))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether a step start is in the range.
	 * @param start a step start
	 * @return {@code true} if {@code from <= start < to}
	 */
	public boolean contains(Instant start) {
		return !start.isBefore(this.from) && start.isBefore(this.to);
	}

}
