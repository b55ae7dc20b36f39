package dev.bduf.metrics.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.CollectorHealth;
import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.RejectionReason;
import dev.bduf.metrics.collector.CollectorSettings;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.memory.MemoryMetricsStorage;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CollectorEndpointTests {

	private final DefaultMetricsCollector collector = new DefaultMetricsCollector(new SimpleMeterRegistry(),
			CollectorSettings.builder().maxSeriesPerName(2).build(), new MockClock());

	private final CollectorEndpoint endpoint = new CollectorEndpoint(this.collector,
			this.collector.getRegistrar());

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

	@Test
	void oneNameShowsItsKeysSeriesAndDroppedSamples() {
		for (String user : new String[] { "ann", "bob", "cid", "dan" }) {
			this.collector.increment("Logins", 1, Map.of("user", user));
		}

		CollectorStats.NameStats logins = this.endpoint.name("logins");

		assertThat(logins.name()).isEqualTo("logins");
		assertThat(logins.kind()).isEqualTo("a counter");
		assertThat(logins.tagKeys()).containsExactly("user");
		assertThat(logins.series()).isEqualTo(3);
		assertThat(logins.overflow().samples()).containsExactly(Map.of("user", "cid"), Map.of("user", "dan"));
		assertThat(this.endpoint.name("Logins")).as("found by the name as recorded too").isEqualTo(logins);
	}

	@Test
	void anUnknownNameIsNotFound() {
		assertThat(this.endpoint.name("nothing.here")).isNull();
		assertThat(this.endpoint.name("!!")).isNull();
		assertThat(new CollectorEndpoint(this.collector).name("logins")).isNull();
	}

	@Test
	void seriesPerNameListsOnlyTheBusiestNames() {
		for (int i = 0; i < CollectorStats.TOP_NAMES + 5; i++) {
			this.collector.increment("name" + i, 1, Map.of("k", "v"));
		}
		this.collector.increment("busy", 1, Map.of("k", "a"));
		this.collector.increment("busy", 1, Map.of("k", "b"));

		CollectorEndpoint.CollectorDescriptor descriptor = this.endpoint.collector();

		assertThat(descriptor.names()).isEqualTo(CollectorStats.TOP_NAMES + 6);
		assertThat(descriptor.series()).isEqualTo(CollectorStats.TOP_NAMES + 7);
		assertThat(descriptor.seriesPerName()).hasSize(CollectorStats.TOP_NAMES);
		assertThat(descriptor.seriesPerName().entrySet()).first().isEqualTo(Map.entry("busy", 2));
	}

	@Test
	void showsTheHistoryStoragesState() {
		assertThat(this.endpoint.collector().storage()).isNull();
		MemoryMetricsStorage storage = new MemoryMetricsStorage(
				Retention.DEFAULT, Duration.ofSeconds(10),
				Clock.SYSTEM);
		storage.write(new StepSnapshot(Instant.EPOCH, Duration.ofSeconds(10),
				"a", List.of()));
		CollectorEndpoint withStorage = new CollectorEndpoint(this.collector, null, null, storage::state);
		assertThat(withStorage.collector().storage()).satisfies((state) -> {
			assertThat(state.backend()).isEqualTo("memory");
			assertThat(state.written()).isEqualTo(1);
			assertThat(state.lastWrite()).isNotNull();
			assertThat(state.failing()).isFalse();
		});
	}

}
