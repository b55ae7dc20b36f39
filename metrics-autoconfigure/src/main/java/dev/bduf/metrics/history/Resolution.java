package dev.bduf.metrics.history;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The resolutions history keeps: the raw step ({@code bduf.metrics.history.step}), and
 * one-minute and ten-minute rollups of it. Each has its own retention.
 */
public enum Resolution {

	/**
	 * One point per recorder step ({@code bduf.metrics.history.step}, 10 seconds by
	 * default).
	 */
	RAW(null),

	/**
	 * One point per minute, merged from the raw steps of that minute.
	 */
	MINUTE(Duration.ofMinutes(1)),

	/**
	 * One point per ten minutes, merged from the one-minute points.
	 */
	TEN_MINUTES(Duration.ofMinutes(10));

	private final @Nullable Duration fixedStep;

	Resolution(@Nullable Duration fixedStep) {
		this.fixedStep = fixedStep;
	}

	/**
	 * The step of the points at this resolution.
	 * @param rawStep the recorder's step
	 * @return {@code rawStep} for {@link #RAW}, else the rollup's fixed step
	 */
	public Duration step(Duration rawStep) {
		return (this.fixedStep != null) ? this.fixedStep : rawStep;
	}

}
