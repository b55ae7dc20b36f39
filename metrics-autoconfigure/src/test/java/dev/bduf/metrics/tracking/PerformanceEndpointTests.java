package dev.bduf.metrics.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.bduf.metrics.endpoint.PerformanceEndpoint;
import dev.bduf.metrics.endpoint.PerformanceEndpoint.PerformanceDescriptor;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PerformanceEndpointTests {

	private final MockClock clock = new MockClock();

	private final DefaultPerformanceTracker tracker = new DefaultPerformanceTracker(
			new MethodTracker(new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock)));

	private final PerformanceEndpoint endpoint = new PerformanceEndpoint(this.tracker);

	@Test
	void reportsTrackedMethodsFilteredByNameClassAndMethod() {
		this.tracker.trackRunnable("checkout", () -> this.clock.add(Duration.ofMillis(30)),
				TrackingOptions.builder().name("shop").build()).run();
		this.tracker.trackRunnable("search", () -> {
		}, TrackingOptions.defaults()).run();
		PerformanceDescriptor all = this.endpoint.performance(null, null);
		assertThat(all.methods()).extracting(PerformanceReport.MethodPerformance::method)
			.containsExactlyInAnyOrder("checkout", "search");
		assertThat(all.generatedAt()).isEqualTo(Instant.ofEpochMilli(this.clock.wallTime()));
		assertThat(all.trackingFailures()).isZero();
		PerformanceDescriptor shop = this.endpoint.performanceOf("shop", null, null);
		assertThat(shop.methods()).singleElement().satisfies((method) -> {
			assertThat(method.meanMillis()).isEqualTo(30);
			assertThat(method.calls()).isEqualTo(1);
		});
		assertThat(this.endpoint.performance("function", "search").methods()).hasSize(1);
		assertThat(this.endpoint.performance("nope", null).methods()).isEmpty();
		assertThat(List.of(all, shop)).allSatisfy((descriptor) -> assertThat(descriptor)
			.isInstanceOf(org.springframework.boot.actuate.endpoint.OperationResponseBody.class));
	}

}
