package dev.bduf.metrics.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.MetricsQuery;
import dev.bduf.metrics.StreamingConfig;
import dev.bduf.metrics.StreamingSession;
import dev.bduf.metrics.history.HistoryRecorder;
import dev.bduf.metrics.test.RandomInputs;
import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based fuzzing of the public query and streaming APIs: random (often hostile)
 * {@link MetricsQuery queries} against {@link MetricsCollector#getAggregatedMetrics} and
 * random {@link StreamingConfig configurations} against
 * {@link MetricsCollector#startStreaming}. Whatever comes in, nothing is thrown, every
 * refusal carries a message, and every answer stays within the configured limits. Each
 * repetition prints its seed; {@code -Dbduf.random.seed=<seed>} replays it.
 */
class QueryAndStreamingFuzzTests {

	private static final int MAX_POINTS = 500;

	private static final int MAX_SERIES = 20;

	private static final int MAX_SUBSCRIBERS = 4;

	private static final int CASES = 300;

	private static final String[] STATISTICS = { "value", "count", "sum", "rate", "mean", "max", "min", "p50",
			"p99", "p100", "p101", "p-1", "p", "pNaN", "", " ", "VALUE", "bogus", "(a+)+$", "\u0000", "p99.9",
			"rate,count" };

	private static ConfigurableApplicationContext context;

	private static MetricsCollector collector;

	private static MockClock clock;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(FuzzApplication.class).web(WebApplicationType.NONE)
			.properties("bduf.metrics.instance-id=fuzz-1", "bduf.metrics.history.step=10s",
					"bduf.metrics.query.max-points=" + MAX_POINTS, "bduf.metrics.query.max-series=" + MAX_SERIES,
					"bduf.metrics.stream.max-subscribers=" + MAX_SUBSCRIBERS)
			.run();
		collector = context.getBean(MetricsCollector.class);
		clock = context.getBean(MockClock.class);
		HistoryRecorder recorder = context.getBean(HistoryRecorder.class);
		for (int step = 0; step < 30; step++) {
			for (int i = 0; i < 40; i++) {
				collector.increment("orders", 1, Map.of("region", "r" + (i % 30), "status", (i % 2 == 0) ? "ok" : "error"));
				collector.timing("checkout", Duration.ofMillis(i), Map.of("region", "r" + (i % 3)));
				collector.gauge("queue.depth", i, Map.of());
			}
			clock.add(Duration.ofSeconds(10));
			recorder.recordStep();
		}
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@RepeatedTest(3)
	void randomQueriesNeverThrowAndStayWithinTheLimits(RepetitionInfo repetition) {
		long seed = RandomInputs.seed(repetition.getCurrentRepetition());
		System.out.println("QueryAndStreamingFuzzTests queries seed " + seed + " (replay with -D"
				+ RandomInputs.SEED_PROPERTY + "=" + seed + ")");
		RandomInputs.withSeed(seed, (inputs) -> {
			int answered = 0;
			for (int i = 0; i < CASES; i++) {
				MetricsQuery query = query(inputs);
				AggregatedMetrics answer = collector.getAggregatedMetrics(query);
				assertThat(answer).as("answer to %s", query).isNotNull();
				if (answer.ok()) {
					answered++;
					assertThat(answer.series()).as("series of %s", query).hasSizeLessThanOrEqualTo(MAX_SERIES);
					long points = answer.series().stream().mapToLong((series) -> series.points().size()).sum();
					assertThat(points).as("points of %s", query).isLessThanOrEqualTo(MAX_POINTS);
				}
				else {
					assertThat(answer.error()).as("error of %s", query).matches("(?s).*[A-Za-z]{3,}.*");
					assertThat(answer.series()).isEmpty();
				}
			}
			System.out.println("  " + CASES + " queries, " + answered + " answered, " + (CASES - answered)
					+ " refused with a message");
		});
	}

	@RepeatedTest(3)
	void randomStreamingConfigurationsNeverThrowAndRefuseWithAMessage(RepetitionInfo repetition) {
		long seed = RandomInputs.seed(repetition.getCurrentRepetition());
		System.out.println("QueryAndStreamingFuzzTests streams seed " + seed + " (replay with -D"
				+ RandomInputs.SEED_PROPERTY + "=" + seed + ")");
		RandomInputs.withSeed(seed, (inputs) -> {
			int opened = 0;
			List<StreamingSession> held = new ArrayList<>();
			for (int i = 0; i < CASES; i++) {
				StreamingConfig config = config(inputs);
				StreamingSession session = collector.startStreaming(config);
				assertThat(session).isNotNull();
				if (session.error() == null) {
					opened++;
					assertThat(session.isOpen()).isTrue();
					assertThat(session.id()).isNotBlank();
					held.add(session);
				}
				else {
					assertThat(session.error()).as("error for %s", config).matches("(?s).*[A-Za-z]{3,}.*");
					assertThat(session.isOpen()).isFalse();
				}
				// keep some sessions open to reach the subscriber cap now and then
				if (held.size() > MAX_SUBSCRIBERS || inputs.chance(30)) {
					for (StreamingSession open : held) {
						if (inputs.chance(50)) {
							open.close();
						}
						else {
							assertThat(collector.stopStreaming(open.id())).isTrue();
						}
						assertThat(open.isOpen()).isFalse();
						assertThat(collector.stopStreaming(open.id())).isFalse();
					}
					held.clear();
				}
			}
			held.forEach(StreamingSession::close);
			assertThat(opened).as("sessions opened").isPositive();
			System.out.println("  " + CASES + " configurations, " + opened + " opened");
		});
	}

	private static MetricsQuery query(RandomInputs inputs) {
		return inputs.chance(50) ? plausibleQuery(inputs) : hostileQuery(inputs);
	}

	/** A query a user might well send, with the odd mistake. */
	private static MetricsQuery plausibleQuery(RandomInputs inputs) {
		Instant now = Instant.ofEpochMilli(clock.wallTime());
		MetricsQuery query = MetricsQuery.of(inputs.oneOf("orders", "checkout", "queue.depth", "missing"))
			.withRange(inputs.chance(20) ? null : now.minusSeconds(10L * (1 + inputs.nextInt(40))),
					inputs.chance(50) ? null : now)
			.withStep(inputs.oneOf(null, Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofMinutes(1),
					Duration.ofSeconds(1)))
			.withStatistics(inputs.oneOf(new String[] { "value" }, new String[] { "count", "rate" },
					new String[] { "p99", "max" }, new String[] { "mean" }, new String[] { "sum", "p50" },
					new String[] { inputs.oneOf(STATISTICS) }))
			.withScope(inputs.oneOf(MetricsQuery.Scope.values()));
		if (inputs.chance(40)) {
			query = query.withTags(Map.of(inputs.oneOf("region", "status"), inputs.oneOf("r1", "ok", "error")));
		}
		if (inputs.chance(40)) {
			query = query.withGroupBy(inputs.oneOf(new String[] { "region" }, new String[] { "status" },
					new String[] { "region", "status" }));
		}
		return query;
	}

	private static MetricsQuery hostileQuery(RandomInputs inputs) {
		String name = inputs.oneOf(() -> inputs.oneOf("orders", "checkout", "queue.depth", "missing"),
				() -> inputs.oneOf("orders", "checkout"), inputs::name, () -> inputs.unicode(inputs.nextInt(40)));
		Map<String, String> tags = new HashMap<>();
		for (int i = inputs.nextInt(inputs.chance(5) ? 3000 : 4); i > 0; i--) {
			tags.put(inputs.oneOf(() -> inputs.oneOf("region", "status", ""), () -> inputs.unicode(5),
					() -> "k" + inputs.nextInt(5000)),
					inputs.oneOf(() -> inputs.oneOf("r1", "ok", "error", ""), () -> inputs.unicode(4)));
		}
		Instant now = Instant.ofEpochMilli(clock.wallTime());
		Instant from = instant(inputs, now);
		Instant to = instant(inputs, now);
		Duration step = inputs.chance(30) ? null : inputs.duration();
		List<String> statistics = new ArrayList<>();
		for (int i = inputs.nextInt(4); i > 0; i--) {
			statistics.add(inputs.chance(80) ? inputs.oneOf(STATISTICS) : inputs.unicode(6));
		}
		if (inputs.chance(3)) {
			statistics.add(null);
		}
		List<String> groupBy = new ArrayList<>();
		for (int i = inputs.nextInt(inputs.chance(5) ? 2000 : 3); i > 0; i--) {
			groupBy.add(inputs.oneOf(() -> inputs.oneOf("region", "status", "", "missing"),
					() -> inputs.unicode(3)));
		}
		MetricsQuery.Scope scope = inputs.chance(10) ? null : inputs.oneOf(MetricsQuery.Scope.values());
		return new MetricsQuery(name, inputs.chance(5) ? null : tags, from, to, step, statistics, groupBy, scope);
	}

	private static Instant instant(RandomInputs inputs, Instant now) {
		return inputs.oneOf(() -> null, () -> now.minusSeconds(inputs.nextInt(600)),
				() -> now.plusSeconds(inputs.nextInt(600)), () -> Instant.MIN, () -> Instant.MAX, () -> Instant.EPOCH,
				() -> now.minus(Duration.ofDays(inputs.nextInt(100_000))));
	}

	private static StreamingConfig config(RandomInputs inputs) {
		List<String> names = new ArrayList<>();
		for (int i = inputs.nextInt(inputs.chance(5) ? 1000 : 4); i > 0; i--) {
			names.add(inputs.oneOf(() -> inputs.oneOf("orders", "check*", "*", "**", "queue.?", "[", "\\", "*a*a*a*b",
					"", " "), inputs::name, () -> "*a".repeat(inputs.nextInt(2500)) + "*b"));
		}
		Map<String, String> tags = new HashMap<>();
		for (int i = inputs.nextInt(inputs.chance(5) ? 3000 : 3); i > 0; i--) {
			tags.put(inputs.oneOf(() -> inputs.oneOf("region", "", " "), () -> inputs.unicode(4)),
					inputs.oneOf(() -> inputs.oneOf("r1", "", "*"), () -> inputs.unicode(3)));
		}
		StreamingConfig.Mode mode = inputs.chance(10) ? null : inputs.oneOf(StreamingConfig.Mode.values());
		return new StreamingConfig(inputs.chance(5) ? null : names, inputs.chance(5) ? null : tags,
				inputs.duration(), mode);
	}

	@EnableAutoConfiguration
	static class FuzzApplication {

		@Bean
		MockClock mockClock() {
			return new MockClock();
		}

	}

}
