package dev.bduf.metrics.business;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * A span of time a business report covers, {@code from} included and {@code to}
 * excluded.
 *
 * @param from the start
 * @param to the end, after the start
 */
public record TimePeriod(Instant from, Instant to) {

	public TimePeriod {
		if (from == null || to == null) {
			throw new IllegalArgumentException("A period needs both from and to");
		}
		if (!from.isBefore(to)) {
			throw new IllegalArgumentException("A period's from (" + from + ") must be before its to (" + to + ")");
		}
	}

	/**
	 * The period's length.
	 * @return {@code to - from}
	 */
	public Duration length() {
		return Duration.between(this.from, this.to);
	}

	/**
	 * The period that ends now and lasts {@code length}.
	 * @param length how long, positive
	 * @param clock tells the time
	 * @return the period
	 */
	public static TimePeriod last(Duration length, Clock clock) {
		if (length == null || length.isNegative() || length.isZero()) {
			throw new IllegalArgumentException("A period's length must be positive, was " + length);
		}
		Instant now = clock.instant();
		return new TimePeriod(now.minus(length), now);
	}

	/**
	 * Read a period as an endpoint's parameters give it: an ISO-8601 length ending now
	 * ({@code PT12H}, {@code P7D}, {@code P1M}: a duration, or a date-based period counted
	 * back in UTC), or {@code from} and {@code to} (instants such as
	 * {@code 2026-03-01T00:00:00Z}, or dates such as {@code 2026-03-01}, meaning their start
	 * in UTC); {@code to} defaults to now. With nothing given, the last day.
	 * @param period an ISO-8601 length, or {@code null}
	 * @param from the start, or {@code null}
	 * @param to the end, or {@code null}
	 * @param clock tells the time
	 * @return the period
	 * @throws IllegalArgumentException with a message for the user when the text is not a
	 * valid period
	 */
	public static TimePeriod parse(@Nullable String period, @Nullable String from, @Nullable String to, Clock clock) {
		boolean hasPeriod = period != null && !period.isBlank();
		boolean hasRange = (from != null && !from.isBlank()) || (to != null && !to.isBlank());
		if (hasPeriod && hasRange) {
			throw new IllegalArgumentException("Give either period or from/to, not both");
		}
		if (hasRange) {
			if (from == null || from.isBlank()) {
				throw new IllegalArgumentException("'to' needs a 'from'");
			}
			Instant end = (to != null && !to.isBlank()) ? instant("to", to) : clock.instant();
			return new TimePeriod(instant("from", from), end);
		}
		if (!hasPeriod) {
			return last(Duration.ofDays(1), clock);
		}
		String text = period.strip().toUpperCase(java.util.Locale.ROOT);
		try {
			return last(Duration.parse(text), clock);
		}
		catch (DateTimeParseException ex) {
			// not a duration: a date-based period such as P1M
		}
		try {
			Period days = Period.parse(text);
			Instant now = clock.instant();
			Instant start = now.atZone(ZoneOffset.UTC).minus(days).toInstant();
			return new TimePeriod(start, now);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(
					"'" + period + "' is not an ISO-8601 period such as P7D, PT12H or P1M", ex);
		}
	}

	private static Instant instant(String name, String text) {
		String value = text.strip();
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			catch (DateTimeParseException notADate) {
				throw new IllegalArgumentException("'" + name + "' must be an instant such as 2026-03-01T00:00:00Z "
						+ "or a date such as 2026-03-01, was '" + text + "'", notADate);
			}
		}
	}

	/**
	 * The UTC day of the start.
	 * @return the first day
	 */
	public LocalDate firstDay() {
		return LocalDate.ofInstant(this.from, ZoneOffset.UTC);
	}

	/**
	 * The UTC day of the last instant of the period.
	 * @return the last day
	 */
	public LocalDate lastDay() {
		return LocalDate.ofInstant(this.to.minusNanos(1), ZoneOffset.UTC);
	}

}
