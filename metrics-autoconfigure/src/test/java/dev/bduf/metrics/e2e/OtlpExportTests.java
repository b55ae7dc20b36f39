package dev.bduf.metrics.e2e;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import dev.bduf.metrics.collector.CollectorSettings;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import dev.bduf.metrics.collector.DefaultTagsMeterFilter;
import io.micrometer.core.instrument.Clock;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OTLP export through Micrometer's OTLP registry: the default tags, added by the starter's
 * MeterFilter, arrive as data point attributes of every metric, while the resource
 * attributes describe the sender once.
 */
class OtlpExportTests {

	@Test
	void defaultTagsAreDataPointAttributesAndResourceAttributesAreSeparate() throws Exception {
		List<byte[]> bodies = new CopyOnWriteArrayList<>();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/v1/metrics", (exchange) -> {
			bodies.add(exchange.getRequestBody().readAllBytes());
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.start();
		try {
			String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/metrics";
			OtlpConfig config = new OtlpConfig() {
				@Override
				public String get(String key) {
					return null;
				}

				@Override
				public String url() {
					return url;
				}

				@Override
				public Map<String, String> resourceAttributes() {
					return Map.of("service.name", "shop", "deployment.environment", "prod");
				}
			};
			Map<String, String> defaultTags = Map.of("service", "shop", "environment", "prod", "instance_id",
					"web-01-0");
			OtlpMeterRegistry registry = new OtlpMeterRegistry(config, Clock.SYSTEM);
			registry.config().meterFilter(new DefaultTagsMeterFilter(defaultTags));
			DefaultMetricsCollector collector = new DefaultMetricsCollector(registry,
					CollectorSettings.builder().defaultTags(defaultTags).build(), Clock.SYSTEM);
			collector.increment("shop.orders", 3, Map.of("region", "eu"));
			registry.close(); // publishes once

			assertThat(bodies).isNotEmpty();
			ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(bodies.get(0));
			ResourceMetrics resource = request.getResourceMetrics(0);
			assertThat(attributes(resource.getResource().getAttributesList()))
				.containsEntry("service.name", "shop")
				.containsEntry("deployment.environment", "prod")
				.doesNotContainKey("instance_id");
			Metric orders = resource.getScopeMetricsList()
				.stream()
				.flatMap((scope) -> scope.getMetricsList().stream())
				.filter((metric) -> metric.getName().equals("shop.orders"))
				.findFirst()
				.orElseThrow();
			NumberDataPoint point = orders.getSum().getDataPoints(0);
			assertThat(point.getAsDouble()).isEqualTo(3.0);
			assertThat(attributes(point.getAttributesList())).containsEntry("region", "eu")
				.containsEntry("service", "shop")
				.containsEntry("environment", "prod")
				.containsEntry("instance_id", "web-01-0");
		}
		finally {
			server.stop(0);
		}
	}

	private static Map<String, String> attributes(List<KeyValue> attributes) {
		return attributes.stream()
			.collect(Collectors.toMap(KeyValue::getKey, (keyValue) -> keyValue.getValue().getStringValue()));
	}

}
