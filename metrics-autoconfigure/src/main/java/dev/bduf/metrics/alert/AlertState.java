package dev.bduf.metrics.alert;

/**
 * The state of an alert rule for one series.
 */
public enum AlertState {

	/** The condition does not hold. */
	INACTIVE,

	/** The condition holds, for less than the rule's {@code for} duration. */
	PENDING,

	/** The condition has held for the rule's {@code for} duration. */
	FIRING,

	/** The condition stopped holding after the rule was firing. */
	RESOLVED

}
