package dev.bduf.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a live stream sends: the series whose name matches one of the globs and that carry
 * every required tag, once per interval, as current values or as changes over the
 * interval. It never throws on bad values: {@link MetricsCollector#startStreaming} answers
 * a session whose {@link StreamingSession#error() error} says what is wrong.
 *
 * @param names meter name globs ({@code *} any run of characters, {@code ?} one
 * character), for example {@code http.server.*}; empty for every series
 * @param tags tags a series must have with exactly these values; empty for every series
 * @param interval how often an update is sent; {@code null} for one second. Shorter than
 * {@code bduf.metrics.stream.min-interval} is raised to it
 * @param mode {@link Mode#VALUES} or {@link Mode#DELTAS}
 */
public record StreamingConfig(List<String> names, Map<String, String> tags, Duration interval, Mode mode) {

	/**
	 * The interval of a configuration that names none.
	 */
	public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

	/**
	 * The most name globs a configuration may hold.
	 */
	public static final int MAX_NAMES = 256;

	/**
	 * The longest name glob.
	 */
	public static final int MAX_NAME_LENGTH = 512;

	/**
	 * The most tags a configuration may require.
	 */
	public static final int MAX_TAGS = 64;

	/**
	 * Copy the collections; {@code null} collections are empty, a {@code null} interval
	 * is one second, a {@code null} mode is {@link Mode#DELTAS}.
	 * @param names the name globs
	 * @param tags the required tags
	 * @param interval the interval
	 * @param mode the mode
	 */
	public StreamingConfig(@Nullable List<String> names, @Nullable Map<String, String> tags,
			@Nullable Duration interval, @Nullable Mode mode) {
		this.names = (names != null) ? MetricsQuery.copy(names) : List.of();
		this.tags = (tags != null) ? MetricsQuery.copy(tags) : Map.of();
		this.interval = (interval != null) ? interval : DEFAULT_INTERVAL;
		this.mode = (mode != null) ? mode : Mode.DELTAS;
	}

	/**
	 * The series whose names match any of the globs, every second, as deltas.
	 * @param names meter name globs; none for every series
	 * @return the configuration
	 */
	public static StreamingConfig of(String... names) {
		return new StreamingConfig(List.of(names), Map.of(), DEFAULT_INTERVAL, Mode.DELTAS);
	}

	/**
	 * This configuration with other name globs.
	 * @param names the globs; none for every series
	 * @return a new configuration
	 */
	public StreamingConfig withNames(String... names) {
		return new StreamingConfig(List.of(names), this.tags, this.interval, this.mode);
	}

	/**
	 * This configuration with other required tags.
	 * @param tags the tags
	 * @return a new configuration
	 */
	public StreamingConfig withTags(Map<String, String> tags) {
		return new StreamingConfig(this.names, tags, this.interval, this.mode);
	}

	/**
	 * This configuration with another interval.
	 * @param interval the interval
	 * @return a new configuration
	 */
	public StreamingConfig withInterval(Duration interval) {
		return new StreamingConfig(this.names, this.tags, interval, this.mode);
	}

	/**
	 * This configuration in another mode.
	 * @param mode the mode
	 * @return a new configuration
	 */
	public StreamingConfig withMode(Mode mode) {
		return new StreamingConfig(this.names, this.tags, this.interval, mode);
	}

	/**
	 * What is wrong with this configuration, if anything: too many globs or tags (see
	 * {@link #MAX_NAMES}, {@link #MAX_NAME_LENGTH}, {@link #MAX_TAGS}), a blank or malformed glob, a
	 * blank tag key or value, an interval that is not positive.
	 * @return the problem, or {@code null} when the configuration is valid
	 */
	public @Nullable String problem() {
		if (this.names.size() > MAX_NAMES) {
			return "at most " + MAX_NAMES + " names, got " + this.names.size();
		}
		if (this.tags.size() > MAX_TAGS) {
			return "at most " + MAX_TAGS + " tags, got " + this.tags.size();
		}
		for (String name : this.names) {
			if (name.length() > MAX_NAME_LENGTH) {
				return "a name glob must be at most " + MAX_NAME_LENGTH + " characters, got " + name.length();
			}
			if (name.isBlank()) {
				return "name must not be blank";
			}
			for (int i = 0; i < name.length(); i++) {
				char c = name.charAt(i);
				if (Character.isWhitespace(c) || Character.isISOControl(c)) {
					return "name '" + name + "' must not contain white space";
				}
			}
		}
		for (Map.Entry<String, String> tag : this.tags.entrySet()) {
			if (tag.getKey().isBlank()) {
				return "tag key must not be blank";
			}
			if (tag.getValue().isBlank()) {
				return "tag '" + tag.getKey() + "' must have a value";
			}
		}
		if (this.interval.isNegative() || this.interval.isZero()) {
			return "interval must be positive, got " + this.interval;
		}
		if (this.interval.compareTo(Duration.ofDays(1)) > 0) {
			return "interval must be at most one day, got " + this.interval;
		}
		return null;
	}

	/**
	 * What a stream sends for a counter.
	 */
	public enum Mode {

		/**
		 * Current values: a counter's cumulative total.
		 */
		VALUES,

		/**
		 * Changes over the interval: a counter's increase.
		 */
		DELTAS

	}

}
