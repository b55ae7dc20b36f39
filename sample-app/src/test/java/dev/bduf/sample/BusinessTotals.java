package dev.bduf.sample;

import java.util.List;

import com.jayway.jsonpath.JsonPath;

/**
 * Totals of the business report ({@code GET /actuator/business}) per meter name, summed
 * over the name's series.
 */
final class BusinessTotals {

	private final String report;

	BusinessTotals(String report) {
		this.report = report;
	}

	/**
	 * The summed {@code count} of a name's lines.
	 * @param name the meter name
	 * @return the sum, 0 without a line
	 */
	double count(String name) {
		return sum(name, "count");
	}

	/**
	 * The summed {@code total} of a name's lines.
	 * @param name the meter name
	 * @return the sum, 0 without a line
	 */
	double total(String name) {
		return sum(name, "total");
	}

	private double sum(String name, String field) {
		List<Number> values = JsonPath.read(this.report, "$.metrics[?(@.name == '" + name + "')]." + field);
		return values.stream().mapToDouble(Number::doubleValue).sum();
	}

	@Override
	public String toString() {
		return this.report;
	}

}
