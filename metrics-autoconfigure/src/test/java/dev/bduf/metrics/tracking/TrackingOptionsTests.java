package dev.bduf.metrics.tracking;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrackingOptionsTests {

	@Test
	void annotationAttributesBecomeOptions() throws Exception {
		Tracked tracked = Sample.class.getMethod("full").getAnnotation(Tracked.class);
		TrackingOptions options = TrackingOptions.from(tracked);
		assertThat(options).isEqualTo(new TrackingOptions("orders.placed", Map.of("tier", "gold", "region", "eu"), 0.25,
				Duration.ofMillis(250), true, true, true, true));
	}

	@Test
	void strictParsingRejectsMalformedAttributes() throws Exception {
		Tracked tracked = Sample.class.getMethod("bad").getAnnotation(Tracked.class);
		assertThatIllegalArgumentException().isThrownBy(() -> TrackingOptions.from(tracked))
			.withMessageContaining("is not a duration");
		assertThatIllegalArgumentException().isThrownBy(() -> TrackingOptions.parseThreshold("-5s"))
			.withMessageContaining("negative");
	}

	@Test
	void optionsAreValidated() {
		assertThatIllegalArgumentException().isThrownBy(() -> TrackingOptions.builder().name(" ").build());
		assertThatIllegalArgumentException().isThrownBy(() -> TrackingOptions.builder().sampleRate(1.5).build());
		assertThatIllegalArgumentException().isThrownBy(() -> TrackingOptions.builder().sampleRate(Double.NaN).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TrackingOptions.builder().threshold(Duration.ofMillis(-1)).build());
		assertThat(TrackingOptions.defaults().name()).isEqualTo("method.tracked");
		assertThat(TrackingOptions.defaults().threshold()).isNull();
	}

	@Test
	void settingsAreValidated() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TrackingSettings(Duration.ofSeconds(-1), false, 1, false));
		assertThatIllegalArgumentException().isThrownBy(() -> new TrackingSettings(Duration.ZERO, false, 0, false));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new ProfilingSettings(true, null, Duration.ofSeconds(1), org.springframework.util.unit.DataSize.ofKilobytes(1), 0));
	}

	@Test
	void sizeOfKnowsCollectionsMapsStringsAndArrays() {
		assertThat(CallSite.sizeOf(java.util.List.of(1, 2))).isEqualTo(2);
		assertThat(CallSite.sizeOf(Map.of("a", 1))).isEqualTo(1);
		assertThat(CallSite.sizeOf("abc")).isEqualTo(3);
		assertThat(CallSite.sizeOf(new int[4])).isEqualTo(4);
		assertThat(CallSite.sizeOf(42)).isEqualTo(-1);
	}

	static class Sample {

		@Tracked(value = "orders.placed", extraTags = { "tier=gold", " region = eu " }, sampleRate = 0.25,
				threshold = "250ms", trackCpu = true, trackMemory = true, includeArgs = true, includeResult = true)
		public void full() {
		}

		@Tracked(threshold = "soon")
		public void bad() {
		}

	}

}
