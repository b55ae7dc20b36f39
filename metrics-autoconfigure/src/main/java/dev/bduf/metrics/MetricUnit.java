package dev.bduf.metrics;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Unit of a recorded value. Each unit maps to a Micrometer base unit: a value is scaled
 * to the base unit before it is recorded, so {@code 1500} {@link #MILLISECONDS} is
 * recorded as {@code 1.5} seconds and exported as {@code <name>_seconds}.
 */
public enum MetricUnit {

	/** A plain count; no base unit. Code {@code count}. */
	COUNT(null, 1, "count"),

	/** A percentage, 0 to 100. Code {@code percent}. */
	PERCENT("percent", 1, "percent"),

	/**
	 * The seed's spelling of {@link #PERCENT}: the same base unit and scale, so a name
	 * recorded with either takes both. {@link #canonical()} answers {@link #PERCENT}, and
	 * code {@code percent} reads as {@link #PERCENT}.
	 */
	PERCENTAGE("percent", 1, "percentage"),

	/** A ratio, 0 to 1. Code {@code ratio}. */
	RATIO("ratio", 1, "ratio"),

	/** Nanoseconds, recorded as seconds. Code {@code ns}. */
	NANOSECONDS(TimeUnit.NANOSECONDS, "ns"),

	/** Microseconds, recorded as seconds. Code {@code us}. */
	MICROSECONDS(TimeUnit.MICROSECONDS, "us"),

	/** Milliseconds, recorded as seconds. Code {@code ms}. */
	MILLISECONDS(TimeUnit.MILLISECONDS, "ms"),

	/** Seconds. Code {@code s}. */
	SECONDS(TimeUnit.SECONDS, "s"),

	/** Minutes, recorded as seconds. Code {@code min}. */
	MINUTES(TimeUnit.MINUTES, "min"),

	/** Hours, recorded as seconds. Code {@code h}. */
	HOURS(TimeUnit.HOURS, "h"),

	/** Bytes. Code {@code bytes}. */
	BYTES("bytes", 1, "bytes"),

	/** Kilobytes of 1024 bytes (as the JVM reports memory), recorded as bytes. Code {@code kb}. */
	KILOBYTES("bytes", 1024d, "kb"),

	/** Megabytes of 1024 kilobytes, recorded as bytes. Code {@code mb}. */
	MEGABYTES("bytes", 1024d * 1024, "mb"),

	/** Gigabytes of 1024 megabytes, recorded as bytes. Code {@code gb}. */
	GIGABYTES("bytes", 1024d * 1024 * 1024, "gb"),

	/**
	 * An amount of money in the application's currency (a {@code currency} tag may name
	 * it). Code {@code currency}.
	 */
	CURRENCY("currency", 1, "currency"),

	/**
	 * An amount of money in US dollars: the seed's {@code DOLLARS}, a currency unit of its
	 * own (base unit {@code usd}) rather than an alias of {@link #CURRENCY}, whose currency
	 * is the application's. Code {@code usd}.
	 */
	DOLLARS("usd", 1, "usd"),

	/** Points on a score, such as a complexity or quality score. Code {@code points}. */
	POINTS("points", 1, "points"),

	/** A rate of requests per second. Code {@code rps}. */
	REQUESTS_PER_SECOND("requests.per.second", 1, "rps"),

	/** Users. */
	USERS("users", 1, "users"),

	/** Requests. */
	REQUESTS("requests", 1, "requests"),

	/** Operations. */
	OPERATIONS("operations", 1, "operations"),

	/** Events. */
	EVENTS("events", 1, "events"),

	/** Errors. */
	ERRORS("errors", 1, "errors"),

	/** Tasks. */
	TASKS("tasks", 1, "tasks"),

	/** Messages. */
	MESSAGES("messages", 1, "messages"),

	/** Items, such as products in an order. */
	ITEMS("items", 1, "items");

	private static final MetricUnit[] UNITS = values();

	private final @Nullable String baseUnit;

	private final double toBase;

	private final @Nullable TimeUnit timeUnit;

	private final String code;

	MetricUnit(@Nullable String baseUnit, double toBase, String code) {
		this.baseUnit = baseUnit;
		this.toBase = toBase;
		this.timeUnit = null;
		this.code = code;
	}

	MetricUnit(TimeUnit timeUnit, String code) {
		this.baseUnit = "seconds";
		this.toBase = timeUnit.toNanos(1) / 1e9;
		this.timeUnit = timeUnit;
		this.code = code;
	}

	/**
	 * The unit of a short code ({@code ms}, {@code s}, {@code bytes}, {@code percent},
	 * {@code rps}, {@code usd}, {@code points}, ... see each constant) or of a constant's
	 * name, ignoring case and surrounding blanks.
	 * @param code a short code or a constant's name
	 * @return the unit
	 * @throws IllegalArgumentException when the code names no unit; the message lists the
	 * codes
	 */
	public static MetricUnit fromCode(String code) {
		if (code != null) {
			String wanted = code.strip();
			for (MetricUnit unit : UNITS) {
				if (unit.code.equalsIgnoreCase(wanted)) {
					return unit;
				}
			}
			for (MetricUnit unit : UNITS) {
				if (unit.name().equalsIgnoreCase(wanted)) {
					return unit;
				}
			}
		}
		StringBuilder codes = new StringBuilder();
		for (MetricUnit unit : UNITS) {
			codes.append((codes.length() > 0) ? ", " : "").append(unit.code);
		}
		throw new IllegalArgumentException("Unknown metric unit '" + code + "'; use one of " + codes
				+ " (or a MetricUnit constant's name)");
	}

	/**
	 * The unit's short code, as {@link #fromCode(String)} reads it.
	 * @return the code, such as {@code ms} or {@code usd}
	 */
	public String code() {
		return this.code;
	}

	/**
	 * The unit this one stands for: {@link #PERCENT} for {@link #PERCENTAGE}, else the unit
	 * itself.
	 * @return the canonical unit
	 */
	public MetricUnit canonical() {
		return (this == PERCENTAGE) ? PERCENT : this;
	}

	/**
	 * Whether this unit measures money ({@link #CURRENCY} or {@link #DOLLARS}). Amounts of
	 * money may be negative (refunds); the business tracker records them in a series of
	 * their own, see {@code BusinessMetricsTracker}.
	 * @return whether values are amounts of money
	 */
	public boolean isMoney() {
		return this == CURRENCY || this == DOLLARS;
	}

	/**
	 * The ISO 4217 code of a unit fixed to one currency.
	 * @return {@code USD} for {@link #DOLLARS}, else {@code null} (for {@link #CURRENCY}
	 * the currency is the application's)
	 */
	public @Nullable String currencyCode() {
		return (this == DOLLARS) ? "USD" : null;
	}

	/**
	 * Micrometer base unit that values of this unit are recorded in.
	 * @return the base unit, or {@code null} for a plain count
	 */
	public @Nullable String baseUnit() {
		return this.baseUnit;
	}

	/**
	 * Scale a value of this unit to the base unit.
	 * @param value a value in this unit
	 * @return the same amount in {@link #baseUnit()}
	 */
	public double toBaseUnit(double value) {
		return value * this.toBase;
	}

	/**
	 * Whether this unit measures time.
	 * @return {@code true} for {@link #NANOSECONDS} to {@link #HOURS}
	 */
	public boolean isTime() {
		return this.timeUnit != null;
	}

	/**
	 * The {@link TimeUnit} of a time unit.
	 * @return the time unit, or {@code null} when {@link #isTime()} is false
	 */
	public @Nullable TimeUnit timeUnit() {
		return this.timeUnit;
	}

}
