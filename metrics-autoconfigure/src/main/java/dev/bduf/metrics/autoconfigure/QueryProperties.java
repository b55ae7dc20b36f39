package dev.bduf.metrics.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of metric history queries.
 */
@ConfigurationProperties("bduf.metrics.query")
public class QueryProperties {

	/**
	 * Most points (series times steps) in one answer. A range and step that alone make
	 * more points per series are refused; more series are cut and the answer marked
	 * truncated. At most ten times as many stored points are read.
	 */
	private int maxPoints = 50_000;

	/**
	 * Most series (or groups) in one answer; more are cut and the answer marked
	 * truncated.
	 */
	private int maxSeries = 1_000;

	public int getMaxPoints() {
		return this.maxPoints;
	}

	public void setMaxPoints(int maxPoints) {
		this.maxPoints = maxPoints;
	}

	public int getMaxSeries() {
		return this.maxSeries;
	}

	public void setMaxSeries(int maxSeries) {
		this.maxSeries = maxSeries;
	}

}
