package dev.bduf.metrics.tracking;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.StringUtils;

/**
 * What to track about a call: the same options as {@link Tracked}, for the
 * {@link PerformanceTracker}'s wrappers and proxies.
 *
 * @param name the timer's name; see {@link Tracked#value()}
 * @param extraTags further tags
 * @param sampleRate fraction of calls timed, 0 to 1; see {@link Tracked#sampleRate()}
 * @param threshold slow-call threshold, or {@code null} for none
 * @param trackCpu whether to record CPU time to {@code <name>.cpu}
 * @param trackMemory whether to record allocated bytes to {@code <name>.allocated}
 * @param includeArgs whether {@link TrackedTag} parameters become tags
 * @param includeResult whether to record result sizes to {@code <name>.result.size}
 */
public record TrackingOptions(String name, Map<String, String> extraTags, double sampleRate,
		@Nullable Duration threshold, boolean trackCpu, boolean trackMemory, boolean includeArgs,
		boolean includeResult) {

	private static final TrackingOptions DEFAULTS = builder().build();

	public TrackingOptions {
		if (!StringUtils.hasText(name)) {
			throw new IllegalArgumentException("name must not be blank");
		}
		if (!(sampleRate >= 0 && sampleRate <= 1)) {
			throw new IllegalArgumentException("sampleRate must be between 0 and 1, was " + sampleRate);
		}
		if (threshold != null && threshold.isNegative()) {
			throw new IllegalArgumentException("threshold must not be negative, was " + threshold);
		}
		extraTags = Map.copyOf(extraTags);
	}

	/**
	 * Time every call to {@code method.tracked}, nothing else.
	 * @return the default options
	 */
	public static TrackingOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Start building options.
	 * @return a builder with the defaults
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Options of an annotation.
	 * @param tracked the (merged) annotation
	 * @return the options
	 * @throws IllegalArgumentException when the threshold, an extra tag or the sample rate
	 * is malformed
	 */
	public static TrackingOptions from(Tracked tracked) {
		return from(tracked, (problem) -> {
			throw problem;
		});
	}

	/**
	 * Options of an annotation, leniently: a malformed part (threshold, extra tag, sample
	 * rate) is reported and left at its default, and the rest still applies.
	 * @param tracked the (merged) annotation
	 * @param problems receives what was malformed
	 * @return the options
	 */
	public static TrackingOptions from(Tracked tracked, Consumer<IllegalArgumentException> problems) {
		Builder builder = builder().trackCpu(tracked.trackCpu())
			.trackMemory(tracked.trackMemory())
			.includeArgs(tracked.includeArgs())
			.includeResult(tracked.includeResult());
		if (StringUtils.hasText(tracked.value())) {
			builder.name(tracked.value());
		}
		else {
			problems.accept(new IllegalArgumentException("name must not be blank"));
		}
		double rate = tracked.sampleRate();
		if (rate >= 0 && rate <= 1) {
			builder.sampleRate(rate);
		}
		else {
			problems.accept(new IllegalArgumentException("sampleRate must be between 0 and 1, was " + rate));
		}
		for (String pair : tracked.extraTags()) {
			int eq = pair.indexOf('=');
			if (eq <= 0 || !StringUtils.hasText(pair.substring(0, eq))) {
				problems.accept(new IllegalArgumentException("extra tag '" + pair + "' is not of the form key=value"));
			}
			else {
				builder.tag(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
			}
		}
		if (StringUtils.hasText(tracked.threshold())) {
			try {
				builder.threshold(parseThreshold(tracked.threshold()));
			}
			catch (IllegalArgumentException ex) {
				problems.accept(ex);
			}
		}
		return builder.build();
	}

	static Duration parseThreshold(String threshold) {
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(threshold.trim());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("threshold '" + threshold + "' is not a duration such as 250ms or PT1S",
					ex);
		}
		if (duration.isNegative()) {
			throw new IllegalArgumentException("threshold '" + threshold + "' is negative");
		}
		return duration;
	}

	/**
	 * Builds {@link TrackingOptions}.
	 */
	public static final class Builder {

		private String name = Tracked.DEFAULT_NAME;

		private final Map<String, String> extraTags = new LinkedHashMap<>();

		private double sampleRate = 1.0;

		private @Nullable Duration threshold;

		private boolean trackCpu;

		private boolean trackMemory;

		private boolean includeArgs;

		private boolean includeResult;

		private Builder() {
		}

		public Builder name(String name) {
			this.name = name;
			return this;
		}

		public Builder tag(String key, String value) {
			this.extraTags.put(key, value);
			return this;
		}

		public Builder sampleRate(double sampleRate) {
			this.sampleRate = sampleRate;
			return this;
		}

		public Builder threshold(@Nullable Duration threshold) {
			this.threshold = threshold;
			return this;
		}

		public Builder trackCpu(boolean trackCpu) {
			this.trackCpu = trackCpu;
			return this;
		}

		public Builder trackMemory(boolean trackMemory) {
			this.trackMemory = trackMemory;
			return this;
		}

		public Builder includeArgs(boolean includeArgs) {
			this.includeArgs = includeArgs;
			return this;
		}

		public Builder includeResult(boolean includeResult) {
			this.includeResult = includeResult;
			return this;
		}

		public TrackingOptions build() {
			return new TrackingOptions(this.name, this.extraTags, this.sampleRate, this.threshold, this.trackCpu,
					this.trackMemory, this.includeArgs, this.includeResult);
		}

	}

}
