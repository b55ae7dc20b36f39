package dev.bduf.metrics.storage.prometheus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.bduf.metrics.storage.prometheus.PromQl.Family;
import dev.bduf.metrics.storage.prometheus.PromQl.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Translation of meter names and statistics to PromQL.
 */
class PromQlTest {

	@Test
	void resolvesTheMetricFamilyOfAMeterName() {
		assertThat(PromQl.resolve("orders.placed", Set.of("orders_placed_total")))
			.isEqualTo(new Family("orders_placed_total", Kind.COUNTER, false));
		assertThat(PromQl.resolve("orders_placed_total", Set.of("orders_placed_total")))
			.isEqualTo(new Family("orders_placed_total", Kind.COUNTER, false));
		assertThat(PromQl.resolve("bytes.sent", Set.of("bytes_sent_bytes_total")))
			.isEqualTo(new Family("bytes_sent_bytes_total", Kind.COUNTER, false));
		assertThat(PromQl.resolve("http.server.requests",
				Set.of("http_server_requests_seconds_count", "http_server_requests_seconds_sum",
						"http_server_requests_seconds_bucket", "http_server_requests_seconds_max",
						"http_server_requests_active_seconds_active_count")))
			.isEqualTo(new Family("http_server_requests_seconds", Kind.DISTRIBUTION, true));
		assertThat(PromQl.resolve("payload.size", Set.of("payload_size_bytes_count", "payload_size_bytes_sum",
				"payload_size_bytes_max")))
			.isEqualTo(new Family("payload_size_bytes", Kind.DISTRIBUTION, false));
		assertThat(PromQl.resolve("jobs", Set.of("jobs_count", "jobs_sum", "jobs_max")))
			.isEqualTo(new Family("jobs", Kind.DISTRIBUTION, false));
		assertThat(PromQl.resolve("queue.depth", Set.of("queue_depth")))
			.isEqualTo(new Family("queue_depth", Kind.GAUGE, false));
		assertThat(PromQl.resolve("jvm.memory.used", Set.of("jvm_memory_used_bytes")))
			.isEqualTo(new Family("jvm_memory_used_bytes", Kind.GAUGE, false));
		assertThat(PromQl.resolve("nothing", Set.of())).isNull();
		assertThat(PromQl.resolve("nothing", Set.of("nothing_else_at_all"))).isNull();
	}

	@Test
	void namesLabelsAndValuesAreMadeSafe() {
		assertThat(PromQl.baseName("http.server-requests")).isEqualTo("http_server_requests");
		assertThat(PromQl.baseName("9lives")).isEqualTo("_lives");
		assertThat(PromQl.label("user.id")).isEqualTo("user_id");
		assertThat(PromQl.label("1st")).isEqualTo("_1st");
		assertThat(PromQl.quote("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\nd\"");
		assertThat(PromQl.selector("x", Map.of("uri", "/a\"b"))).isEqualTo("x{uri=\"/a\\\"b\"}");
	}

	@Test
	void translatesEachStatistic() {
		Duration step = Duration.ofMinutes(1);
		Family counter = new Family("orders_total", Kind.COUNTER, false);
		Map<String, String> tags = Map.of("service", "shop");
		String increase = PromQl.expression(counter, "count", tags, List.of("region"), step);
		assertThat(increase).startsWith("sum by (region) (")
			.contains("last_over_time(orders_total{service=\"shop\"}[60000ms])")
			.contains("offset 60000ms");
		assertThat(PromQl.expression(counter, "rate", tags, List.of(), step)).startsWith("sum without (job, instance)")
			.endsWith(" / 60.0");
		assertThat(PromQl.expression(counter, "p99", tags, List.of(), step)).isNull();
		Family timer = new Family("t_seconds", Kind.DISTRIBUTION, true);
		assertThat(PromQl.expression(timer, "p99", tags, List.of("uri"), step))
			.startsWith("histogram_quantile(0.99, sum by (le, uri) (")
			.contains("t_seconds_bucket");
		assertThat(PromQl.expression(timer, "max", tags, List.of(), step)).startsWith("max without (job, instance)")
			.contains("max_over_time(t_seconds_max");
		assertThat(PromQl.expression(timer, "mean", tags, List.of(), step)).contains("t_seconds_sum")
			.contains("t_seconds_count");
		assertThat(PromQl.expression(timer, "value", tags, List.of(), step))
			.isEqualTo(PromQl.expression(timer, "mean", tags, List.of(), step));
		assertThat(PromQl.expression(timer, "count", tags, List.of(), step)).contains("t_seconds_count");
		assertThat(PromQl.expression(timer, "sum", tags, List.of(), step)).contains("t_seconds_sum");
		assertThat(PromQl.expression(timer, "rate", tags, List.of(), step)).endsWith(" / 60.0");
		assertThat(PromQl.expression(timer, "stddev", tags, List.of(), step)).isNull();
		assertThat(PromQl.expression(new Family("s", Kind.DISTRIBUTION, false), "p50", tags, List.of(), step))
			.isNull();
		Family gauge = new Family("depth", Kind.GAUGE, false);
		assertThat(PromQl.expression(gauge, "value", tags, List.of(), step)).contains("last_over_time(depth");
		assertThat(PromQl.expression(gauge, "count", tags, List.of(), step)).contains("count_over_time(depth");
		assertThat(PromQl.expression(gauge, "sum", tags, List.of(), step)).contains("sum_over_time(depth");
		assertThat(PromQl.expression(gauge, "mean", tags, List.of(), step)).contains("sum_over_time(depth")
			.contains("count_over_time(depth");
		assertThat(PromQl.expression(gauge, "min", tags, List.of(), step)).startsWith("min without")
			.contains("min_over_time(depth");
		assertThat(PromQl.expression(gauge, "max", tags, List.of(), step)).contains("max_over_time(depth");
		assertThat(PromQl.expression(gauge, "rate", tags, List.of(), step)).isNull();
	}

}
