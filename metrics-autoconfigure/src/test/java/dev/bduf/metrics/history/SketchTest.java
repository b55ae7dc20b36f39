package dev.bduf.metrics.history;

import java.util.Arrays;
import java.util.Random;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class SketchTest {

	@Test
	void quantilesAreWithinTheRelativeAccuracyAndSurviveEncodingAndMerging() {
		Random random = new Random(7);
		double[] values = new double[20_000];
		DDSketch first = Sketch.newDDSketch(0.01);
		DDSketch second = Sketch.newDDSketch(0.01);
		for (int i = 0; i < values.length; i++) {
			values[i] = Math.exp(random.nextGaussian() * 2);
			((i % 2 == 0) ? first : second).accept(values[i]);
		}
		Arrays.sort(values);
		Sketch merged = Sketch.fromByteArray(Sketch.of(first).toByteArray()).merge(Sketch.of(second));
		assertThat(merged.count()).isEqualTo(values.length);
		for (double q : new double[] { 0.5, 0.9, 0.95, 0.99, 0.999 }) {
			double exact = values[(int) Math.floor(q * (values.length - 1))];
			assertThat(merged.quantile(q)).isCloseTo(exact, within(exact * 0.01 + 1e-12));
		}
		assertThat(merged.relativeAccuracy()).isEqualTo(0.01);
		assertThat(merged.sizeInBytes()).isLessThan(1500);
	}

	@Test
	void convertsForeignMappingsAndKeepsZeroesAndNegatives() {
		DDSketch foreign = DDSketches.collapsingLowestDense(0.02, 2048);
		foreign.accept(0, 3);
		foreign.accept(5);
		foreign.accept(-5);
		Sketch sketch = Sketch.of(foreign);
		assertThat(sketch.count()).isEqualTo(5);
		assertThat(sketch.quantile(0)).isCloseTo(-5, within(0.2));
		assertThat(sketch.quantile(0.5)).isZero();
		assertThat(sketch.quantile(1)).isCloseTo(5, within(0.2));
		assertThat(sketch.quantile(2)).isNaN();
		DDSketch other = Sketch.newDDSketch(0.05);
		sketch.mergeInto(other);
		assertThat(other.getCount()).isEqualTo(5);
		assertThat(sketch).isEqualTo(Sketch.fromByteArray(sketch.toByteArray())).hasSameHashCodeAs(
				Sketch.fromByteArray(sketch.toByteArray()));
		assertThat(sketch.toString()).contains("count=5");
	}

	@Test
	void rejectsBadInput() {
		assertThatIllegalArgumentException().isThrownBy(() -> Sketch.newDDSketch(0));
		assertThatIllegalArgumentException().isThrownBy(() -> Sketch.fromByteArray(new byte[] { (byte) 0x80 }));
		assertThatIllegalArgumentException().isThrownBy(() -> Sketch.fromByteArray(new byte[] { 100, 0, 0, 0, 1 }));
		assertThat(Sketch.of(Sketch.newDDSketch(0.01)).quantile(0.5)).isNaN();
	}

}
