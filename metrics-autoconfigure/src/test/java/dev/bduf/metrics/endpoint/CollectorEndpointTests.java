package dev.bduf.metrics.endpoint;

import java.util.Map;

import dev.bduf.metrics.CollectorHealth;
import dev.bduf.metrics.RejectionReason;
import dev.bduf.metrics.collector.CollectorSettings;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CollectorEndpointTests {

	private final DefaultMetricsCollector collector = new DefaultMetricsCollector(new SimpleMeterRegistry(),
			CollectorSettings.builder().maxSeriesPerName(2).build(), new MockClock());

	private final CollectorEndpoint endpoint = new CollectorEndpoint(this.collector);

	@Test
	void reportsRecordedRejectedSeriesAndOverflow() {
		for (String user : new String[] { "ann", "bob", "cid", "dan" }) {
			this.collector.increment("logins", 1, Map.of("user", user));
		}
		this.collector.gauge("queue.depth", Double.NaN);
		this.collector.timer("checkout");

		CollectorEndpoint.CollectorDescriptor descriptor = this.endpoint.collector();

		assertThat(descriptor.attempted()).isEqualTo(5);
		assertThat(descriptor.recorded()).isEqualTo(4);
		assertThat(descriptor.rejected()).isEqualTo(1);
		assertThat(descriptor.rejectedByReason()).containsEntry(RejectionReason.NOT_FINITE, 1L)
			.containsEntry(RejectionReason.KIND_CONFLICT, 0L);
		assertThat(descriptor.overflowed()).isEqualTo(2);
		assertThat(descriptor.timersOpen()).isEqualTo(1);
		assertThat(descriptor.names()).isEqualTo(1);
		assertThat(descriptor.seriesPerName()).containsExactly(Map.entry("logins", 3));
		assertThat(descriptor.overflow().get("logins").droppedTagSets()).isEqualTo(2);
		assertThat(descriptor.overflow().get("logins").samples()).containsExactly(Map.of("user", "cid"),
				Map.of("user", "dan"));
		assertThat(descriptor.health().status()).isEqualTo(CollectorHealth.Status.UP);
	}

}
