package dev.bduf.metrics.collector;

/**
 * The kind of meter a name holds, fixed by the first call for that name.
 */
enum Kind {

	COUNTER("a counter"), UP_DOWN("an up-down counter"), GAUGE("a gauge"), SUMMARY("a histogram"),
	BUSINESS("a business metric"), TIMER("a timer");

	private final String description;

	Kind(String description) {
		this.description = description;
	}

	String description() {
		return this.description;
	}

}
