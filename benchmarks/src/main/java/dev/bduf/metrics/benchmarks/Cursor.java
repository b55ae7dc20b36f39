package dev.bduf.metrics.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Per thread: which of the {@link Fixtures#SERIES} series the next call records into,
 * and the tag values to pick from. Every benchmark of a pair advances it the same way, so
 * picking a series costs both sides alike; the values are read from fields at run time,
 * so the JIT cannot fold a tag map into a constant.
 */
@State(Scope.Thread)
public class Cursor {

	String[] regions = Fixtures.REGIONS.clone();

	String[] plans = Fixtures.PLANS.clone();

	int n;

	/** The next series, 0 to {@link Fixtures#SERIES} - 1, cycling. */
	int next() {
		return (this.n++) & (Fixtures.SERIES - 1);
	}

	String region(int i) {
		return this.regions[i & 3];
	}

	String plan(int i) {
		return this.plans[i >> 2];
	}

}
