package dev.bduf.metrics.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.MetricsQuery;
import dev.bduf.metrics.endpoint.TimeseriesEndpoint;
import dev.bduf.metrics.history.HistoryHistogramFilter;
import dev.bduf.metrics.history.HistoryRecorder;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SnapshotListener;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.query.HistoryQueryEngine;
import dev.bduf.metrics.storage.MetricsStorage;
import dev.bduf.metrics.storage.StorageRead;
import dev.bduf.metrics.storage.StorageState;
import dev.bduf.metrics.storage.StoredPoint;
import dev.bduf.metrics.storage.memory.MemoryMetricsStorage;
import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MetricsCollectorAutoConfiguration.class, HistoryAutoConfiguration.class,
					HistoryEndpointAutoConfiguration.class));

	@Test
	void onByDefaultWithMemoryStorageAndTheCollectorAnswersQueries() {
		this.runner.withBean(MockClock.class, MockClock::new).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(HistoryRecorder.class)
				.hasSingleBean(MemoryMetricsStorage.class)
				.hasSingleBean(HistoryQueryEngine.class)
				.doesNotHaveBean(HistoryHistogramFilter.class)
				.doesNotHaveBean(TimeseriesEndpoint.class);
			assertThat(context.getBean(HistoryRecorder.class).isRunning()).isTrue();
			assertThat(context.getBean(HistoryRecorder.class).step()).isEqualTo(Duration.ofSeconds(10));
			assertThat(context.getBean(MemoryMetricsStorage.class).retention()).isEqualTo(Retention.DEFAULT);
			MetricsCollector collector = context.getBean(MetricsCollector.class);
			collector.increment("orders");
			MockClock clock = context.getBean(MockClock.class);
			clock.add(Duration.ofSeconds(10));
			assertThat(context.getBean(HistoryRecorder.class).recordStep()).isNotNull();
			assertThat(collector.getAggregatedMetrics(MetricsQuery.of("orders").withStatistics("count")).error())
				.isNull();
			assertThat(collector.getAggregatedMetrics(MetricsQuery.of("orders").withStatistics("bogus")).error())
				.contains("Unknown statistic");
		});
	}

	@Test
	void snapshotListenerBeansReceiveEveryStepAfterTheStorage() {
		List<StepSnapshot> received = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.runner.withBean(MockClock.class, MockClock::new)
			.withBean("failingListener", SnapshotListener.class, () -> (snapshot) -> {
				throw new IllegalStateException("a broken listener");
			})
			.withBean("recordingListener", SnapshotListener.class, () -> received::add)
			.run((context) -> {
				context.getBean(MetricsCollector.class).increment("orders");
				context.getBean(MockClock.class).add(Duration.ofSeconds(10));
				StepSnapshot step = context.getBean(HistoryRecorder.class).recordStep();
				assertThat(received).containsExactly(step);
				assertThat(step.points()).anyMatch((point) -> point.name().equals("orders") && point.sum() == 1.0);
				assertThat(context.getBean(MemoryMetricsStorage.class).state().written()).isEqualTo(1);
			});
	}

	@Test
	void propertiesBind() {
		this.runner
			.withPropertyValues("bduf.metrics.history.step=5s", "bduf.metrics.history.retention.raw=2h",
					"bduf.metrics.history.retention.minute=2d", "bduf.metrics.history.retention.ten-minutes=7d",
					"bduf.metrics.history.relative-accuracy=0.02", "bduf.metrics.query.max-points=10",
					"bduf.metrics.query.max-series=2", "bduf.metrics.history.percentile-histograms=true",
					"bduf.metrics.instance-id=i-1")
			.run((context) -> {
				assertThat(context).hasSingleBean(HistoryHistogramFilter.class);
				assertThat(context.getBean(HistoryRecorder.class).step()).isEqualTo(Duration.ofSeconds(5));
				assertThat(context.getBean(MemoryMetricsStorage.class).retention())
					.isEqualTo(new Retention(Duration.ofHours(2), Duration.ofDays(2), Duration.ofDays(7)));
				assertThat(context.getBean(HistoryProperties.class).getRelativeAccuracy()).isEqualTo(0.02);
				assertThat(context.getBean(QueryProperties.class).getMaxSeries()).isEqualTo(2);
				assertThat(context.getBean(StorageProperties.class).getType())
					.isEqualTo(StorageProperties.Type.MEMORY);
				assertThat(context.getBean(HistoryQueryEngine.class)
					.apply(MetricsQuery.of("x").withStep(Duration.ofSeconds(5)))
					.error()).contains("max-points (10)");
			});
	}

	@Test
	void offByProperty() {
		this.runner.withPropertyValues("bduf.metrics.history.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(HistoryRecorder.class).doesNotHaveBean(MetricsStorage.class);
			assertThat(context.getBean(MetricsCollector.class).getAggregatedMetrics(MetricsQuery.of("x")).error())
				.contains("not enabled");
		});
	}

	@Test
	void otherStorageTypeWithoutABackendLeavesHistoryOff() {
		this.runner.withPropertyValues("bduf.metrics.storage.type=redis")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MetricsStorage.class)
				.doesNotHaveBean(HistoryRecorder.class));
	}

	@Test
	void endpointWhenExposed() {
		this.runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=timeseries")
			.run((context) -> assertThat(context).hasSingleBean(TimeseriesEndpoint.class));
	}

	@Test
	void noEndpointWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.jmx.exposure.include=timeseries")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(HistoryRecorder.class)
				.doesNotHaveBean(TimeseriesEndpoint.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheStorage() {
		this.runner.withUserConfiguration(UserStorage.class).run((context) -> {
			assertThat(context).hasSingleBean(MetricsStorage.class).doesNotHaveBean(MemoryMetricsStorage.class);
			assertThat(context.getBean(MetricsStorage.class).backend()).isEqualTo("user");
			assertThat(context).hasSingleBean(HistoryRecorder.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserStorage {

		@Bean
		MetricsStorage userStorage() {
			return new MetricsStorage() {

				@Override
				public String backend() {
					return "user";
				}

				@Override
				public void write(StepSnapshot snapshot) {
				}

				@Override
				public List<StoredPoint> read(StorageRead read) {
					return List.of();
				}

				@Override
				public java.util.SortedSet<String> names(String instanceId) {
					return new java.util.TreeSet<>();
				}

				@Override
				public Retention retention() {
					return Retention.DEFAULT;
				}

				@Override
				public StorageState state() {
					return new StorageState("user", null, 0, 0, 0, Duration.ZERO, null);
				}

			};
		}

	}

}
