package dev.bduf.metrics.business;

/**
 * Amounts of money, which may be negative (refunds, write-offs) while a distribution
 * summary takes no negative value: each amount is recorded as its absolute value, with
 * the tag {@code direction=charge} (zero or more) or {@code direction=refund} (less than
 * zero), so every series of a money meter has the same keys. A report nets them as
 * {@code sum(direction=charge) - sum(direction=refund)}.
 */
final class Money {

	static final String DIRECTION = "direction";

	static final String CHARGE = "charge";

	static final String REFUND = "refund";

	private Money() {
	}

	static String direction(double amount) {
		return (amount < 0) ? REFUND : CHARGE;
	}

}
