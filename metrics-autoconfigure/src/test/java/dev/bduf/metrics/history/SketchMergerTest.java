package dev.bduf.metrics.history;

import com.datadoghq.sketch.ddsketch.DDSketch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SketchMergerTest {

	@Test
	void mergesLikeDDSketchItself() {
		DDSketch expected = Sketch.newDDSketch(0.01);
		SketchMerger merger = new SketchMerger(0.01);
		assertThat(merger.isEmpty()).isTrue();
		double[][] batches = { { 5, 6, 7 }, { 0.001, 0.002 }, { 1e6, 0, -3 }, { 1e-6 } };
		for (double[] batch : batches) {
			DDSketch sketch = Sketch.newDDSketch(0.01);
			for (double value : batch) {
				sketch.accept(value);
				expected.accept(value);
			}
			merger.add(Sketch.of(sketch));
		}
		DDSketch foreign = Sketch.newDDSketch(0.05);
		foreign.accept(42);
		expected.accept(42);
		merger.add(Sketch.of(foreign));
		assertThat(merger.isEmpty()).isFalse();
		DDSketch merged = merger.toDDSketch();
		assertThat(merged.getCount()).isEqualTo(expected.getCount());
		for (double q : new double[] { 0, 0.1, 0.25, 0.5, 0.75, 0.9, 1 }) {
			double value = expected.getValueAtQuantile(q);
			assertThat(merged.getValueAtQuantile(q)).as("q=" + q).isCloseTo(value, within(Math.abs(value) * 0.1));
		}
	}

}
