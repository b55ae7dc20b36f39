package dev.bduf.metrics;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Unit of a recorded value. Each unit maps to a Micrometer base unit: a value is scaled
 * to the base unit before it is recorded, so {@code 1500} {@link #MILLISECONDS} is
 * recorded as {@code 1.5} seconds and exported as {@code <name>_seconds}.
 */
public enum MetricUnit {

	/** A plain count; no base unit. */
	COUNT(null, 1),

	/** A percentage, 0 to 100. */
	PERCENT("percent", 1),

	/** A ratio, 0 to 1. */
	RATIO("ratio", 1),

	/** Nanoseconds, recorded as seconds. */
	NANOSECONDS(TimeUnit.NANOSECONDS),

	/** Microseconds, recorded as seconds. */
	MICROSECONDS(TimeUnit.MICROSECONDS),

	/** Milliseconds, recorded as seconds. */
	MILLISECONDS(TimeUnit.MILLISECONDS),

	/** Seconds. */
	SECONDS(TimeUnit.SECONDS),

	/** Minutes, recorded as seconds. */
	MINUTES(TimeUnit.MINUTES),

	/** Hours, recorded as seconds. */
	HOURS(TimeUnit.HOURS),

	/** Bytes. */
	BYTES("bytes", 1),

	/** Kilobytes of 1024 bytes (as the JVM reports memory), recorded as bytes. */
	KILOBYTES("bytes", 1024d),

	/** Megabytes of 1024 kilobytes, recorded as bytes. */
	MEGABYTES("bytes", 1024d * 1024),

	/** Gigabytes of 1024 megabytes, recorded as bytes. */
	GIGABYTES("bytes", 1024d * 1024 * 1024),

	/** An amount of money in the application's currency. */
	CURRENCY("currency", 1),

	/** Users. */
	USERS("users", 1),

	/** Requests. */
	REQUESTS("requests", 1),

	/** Operations. */
	OPERATIONS("operations", 1),

	/** Events. */
	EVENTS("events", 1),

	/** Errors. */
	ERRORS("errors", 1),

	/** Tasks. */
	TASKS("tasks", 1),

	/** Messages. */
	MESSAGES("messages", 1),

	/** Items, such as products in an order. */
	ITEMS("items", 1);

	private final @Nullable String baseUnit;

	private final double toBase;

	private final @Nullable TimeUnit timeUnit;

	MetricUnit(@Nullable String baseUnit, double toBase) {
		this.baseUnit = baseUnit;
		this.toBase = toBase;
		this.timeUnit = null;
	}

	MetricUnit(TimeUnit timeUnit) {
		this.baseUnit = "seconds";
		this.toBase = timeUnit.toNanos(1) / 1e9;
		this.timeUnit = timeUnit;
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
