package dev.bduf.metrics.history;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each {@link Resolution} is kept.
 *
 * @param raw how long raw steps are kept
 * @param minute how long one-minute rollups are kept
 * @param tenMinutes how long ten-minute rollups are kept
 */
public record Retention(Duration raw, Duration minute, Duration tenMinutes) {

	/**
	 * The defaults: raw steps for an hour, one-minute points for a day, ten-minute points
	 * for thirty days.
	 */
	public static final Retention DEFAULT = new Retention(Duration.ofHours(1), Duration.ofHours(24),
			Duration.ofDays(30));

	/**
	 * Validate the durations.
	 * @param raw how long raw steps are kept
	 * @param minute how long one-minute rollups are kept
	 * @param tenMinutes how long ten-minute rollups are kept
	 */
	public Retention {
		Objects.requireNonNull(raw, "raw");
		Objects.requireNonNull(minute, "minute");
		Objects.requireNonNull(tenMinutes, "tenMinutes");
		if (raw.isNegative() || minute.isNegative() || tenMinutes.isNegative()) {
			throw new IllegalArgumentException("A retention must not be negative");
		}
	}

	/**
	 * How long points of a resolution are kept.
	 * @param resolution the resolution
	 * @return its retention
	 */
	public Duration of(Resolution resolution) {
		return switch (resolution) {
			case RAW -> this.raw;
			case MINUTE -> this.minute;
			case TEN_MINUTES -> this.tenMinutes;
		};
	}

}
