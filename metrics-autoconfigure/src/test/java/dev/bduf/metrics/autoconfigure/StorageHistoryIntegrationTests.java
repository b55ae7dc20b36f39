package dev.bduf.metrics.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.MetricsQuery;
import dev.bduf.metrics.history.HistoryRecorder;
import dev.bduf.metrics.storage.MetricsStorage;
import dev.bduf.metrics.storage.file.FileMetricsStorage;
import dev.bduf.metrics.storage.redis.RedisMetricsStorage;
import dev.bduf.metrics.test.RedisFixture;
import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file and Redis backends under the history: the recorder writes through them and
 * the collector's queries read from them.
 */
class StorageHistoryIntegrationTests {

	private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

	@RegisterExtension
	final RedisFixture redis = new RedisFixture();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsCollectorAutoConfiguration.class,
				HistoryAutoConfiguration.class, StorageAutoConfiguration.class))
		.withBean(MockClock.class, StorageHistoryIntegrationTests::clock);

	@TempDir
	Path directory;

	@Test
	void historyInFilesSurvivesARestart() {
		ApplicationContextRunner file = this.runner.withPropertyValues("bduf.metrics.storage.type=file",
				"bduf.metrics.storage.file.directory=" + this.directory, "bduf.metrics.instance-id=host-1");
		file.run((context) -> {
			assertThat(context).hasSingleBean(FileMetricsStorage.class).hasSingleBean(MetricsStorage.class);
			record(context.getBean(MetricsCollector.class), context.getBean(MockClock.class),
					context.getBean(HistoryRecorder.class), 3);
			assertThat(context.getBean(FileMetricsStorage.class).state().written()).isPositive();
		});
		file.run((context) -> {
			AggregatedMetrics answer = context.getBean(MetricsCollector.class).getAggregatedMetrics(query());
			assertThat(answer.error()).isNull();
			assertThat(answer.series()).singleElement()
				.satisfies((series) -> assertThat(series.points()).isNotEmpty());
			assertThat(context.getBean(FileMetricsStorage.class).names("host-1")).contains("orders.placed");
		});
	}

	@Test
	void aClusterQueryOverRedisSeesEveryInstance() {
		RedisFixture.Shared shared = this.redis.shared();
		String prefix = shared.prefix();
		int port = shared.factory().getPort();
		ApplicationContextRunner redis = this.runner
			.withBean(RedisConnectionFactory.class,
					() -> new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port)))
			.withPropertyValues("bduf.metrics.storage.type=redis", "bduf.metrics.storage.redis.key-prefix=" + prefix,
					"bduf.metrics.service-name=orders");
		redis.withPropertyValues("bduf.metrics.instance-id=host-1").run((one) -> {
			record(one.getBean(MetricsCollector.class), one.getBean(MockClock.class),
					one.getBean(HistoryRecorder.class), 2);
			assertThat(one.getBean(RedisMetricsStorage.class).awaitFlushed(Duration.ofSeconds(60))).isTrue();
			redis.withPropertyValues("bduf.metrics.instance-id=host-2").run((two) -> {
				record(two.getBean(MetricsCollector.class), two.getBean(MockClock.class),
						two.getBean(HistoryRecorder.class), 5);
				assertThat(two.getBean(RedisMetricsStorage.class).awaitFlushed(Duration.ofSeconds(60))).isTrue();
				MetricsCollector collector = two.getBean(MetricsCollector.class);
				AggregatedMetrics cluster = collector
					.getAggregatedMetrics(query().withScope(MetricsQuery.Scope.CLUSTER).withGroupBy("instance"));
				assertThat(cluster.error()).isNull();
				assertThat(two.getBean(RedisMetricsStorage.class).instances()).containsExactly("host-1", "host-2");
				AggregatedMetrics local = collector.getAggregatedMetrics(query());
				assertThat(local.error()).isNull();
				assertThat(total(cluster)).isGreaterThan(total(local));
			});
		});
	}

	private static void record(MetricsCollector collector, MockClock clock, HistoryRecorder recorder, int count) {
		for (int step = 0; step < 3; step++) {
			collector.increment("orders.placed", count);
			clock.add(Duration.ofSeconds(10));
			assertThat(recorder.recordStep()).isNotNull();
		}
	}

	private static double total(AggregatedMetrics answer) {
		return answer.series()
			.stream()
			.flatMap((series) -> series.points().values().stream())
			.mapToDouble((values) -> values.values().stream().mapToDouble(Double::doubleValue).sum())
			.sum();
	}

	private static MetricsQuery query() {
		return MetricsQuery.of("orders.placed")
			.withRange(T0.minusSeconds(60), T0.plusSeconds(120))
			.withStep(Duration.ofSeconds(10))
			.withStatistics("count");
	}

	private static MockClock clock() {
		MockClock clock = new MockClock();
		clock.add(T0.toEpochMilli() - clock.wallTime(), TimeUnit.MILLISECONDS);
		return clock;
	}

}
