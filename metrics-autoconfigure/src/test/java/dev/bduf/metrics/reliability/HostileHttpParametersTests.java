package dev.bduf.metrics.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.bduf.metrics.MetricsCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every HTTP parameter of every endpoint of the starter, given hostile values (huge
 * ranges, enormous step counts, regex-like globs that would backtrack, thousands of tags,
 * wrong types): the answer is a 400 with a message (or a 404 for a name that does not
 * exist), never a 5xx, and it comes back (a ten-second client timeout guards against a
 * request that would hang or burn the CPU; it is a hang guard, not a speed assertion).
 */
class HostileHttpParametersTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static ConfigurableApplicationContext context;

	private static String base;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(HostileApplication.class)
			.properties("server.port=0", "management.endpoints.web.exposure.include=*",
					"bduf.metrics.service-name=hostile")
			.run();
		base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
		MetricsCollector collector = context.getBean(MetricsCollector.class);
		collector.increment("orders", 1, Map.of("region", "eu"));
		collector.timing("checkout", Duration.ofMillis(5));
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	static String enc(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	static String manyTags(int count) {
		return IntStream.range(0, count).mapToObj((i) -> "tag=" + enc("k" + i + ":v" + i)).collect(Collectors.joining("&"));
	}

	/** Requests that must answer 400 with a message. */
	static List<String> badRequests() {
		String huge = "9".repeat(400);
		String backtracking = "(a+)+$" + "a".repeat(5000) + "!";
		List<String> paths = new ArrayList<>(List.of(
				// timeseries: times, steps, statistics, scopes, tags
				"/actuator/timeseries/orders?from=yesterday", "/actuator/timeseries/orders?from=" + huge,
				"/actuator/timeseries/orders?from=-" + huge + "d", "/actuator/timeseries/orders?to=2026-13-45T99:99:99Z",
				"/actuator/timeseries/orders?from=now&to=now-1h", "/actuator/timeseries/orders?step=0s",
				"/actuator/timeseries/orders?step=-10s",
				"/actuator/timeseries/orders?step=P" + huge + "D", "/actuator/timeseries/orders?step=" + enc(backtracking),
				"/actuator/timeseries/orders?from=-3650d&step=1s", "/actuator/timeseries/orders?from=-300000d&step=1h",
				"/actuator/timeseries/orders?stat=p101", "/actuator/timeseries/orders?stat=" + enc(backtracking),
				"/actuator/timeseries/orders?scope=galaxy",
				"/actuator/timeseries?scope=" + enc("'; DROP TABLE metrics;--"),
				"/actuator/timeseries/orders?tag=" + enc("nocolon"), "/actuator/timeseries/orders?tag=" + enc(":v"),
				"/actuator/timeseries/orders?" + manyTags(3000),
				"/actuator/timeseries/orders?groupBy=" + enc(IntStream.range(0, 3000).mapToObj((i) -> "k" + i)
					.collect(Collectors.joining(","))),
				// business: periods and dates
				"/actuator/business?period=P-1D", "/actuator/business?period=forever",
				"/actuator/business?period=P" + huge + "D", "/actuator/business?from=" + enc(backtracking),
				"/actuator/business?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
				"/actuator/business/roi?period=" + enc("<script>"), "/actuator/business/usage?from=" + huge));
		return paths;
	}

	@Test
	void hostileParametersAnswer400WithAMessage() throws Exception {
		List<String> failures = new ArrayList<>();
		for (String path : badRequests()) {
			HttpResponse<String> response = get(path);
			if (response.statusCode() != 400 || !response.body().toLowerCase().matches("(?s).*[a-z]{3,}.*")) {
				failures.add(response.statusCode() + " " + abbreviate(path) + " -> " + abbreviate(response.body()));
			}
		}
		assertThat(failures).as("requests that did not answer 400 with a message").isEmpty();
	}

	@Test
	void aStepFinerThanTheDataOrARangeWithoutAStepIsAnsweredAtTheStepTheDataHas() throws Exception {
		// Without an explicit step the engine picks one that fits max-points; a step finer
		// than the stored resolution is raised to it. The answer names the step it used.
		for (String path : List.of("/actuator/timeseries/orders?step=1ns", "/actuator/timeseries/orders?from=-300000d",
				"/actuator/timeseries/orders?stat=count,,")) {
			HttpResponse<String> response = get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.body()).as(path).contains("\"step\":\"PT");
		}
	}

	@Test
	void unknownNamesAndSectionsAnswer404NeverAServerError() throws Exception {
		HttpResponse<String> unknownReport = get("/actuator/performance/" + enc("(a+)+$"));
		assertThat(unknownReport.statusCode()).isEqualTo(200);
		assertThat(unknownReport.body()).doesNotContain("(a+)+$\":{");
		List<String> paths = List.of("/actuator/collector/" + "x".repeat(5000), "/actuator/collector/" + enc("<script>"),
				"/actuator/business/" + enc("../../etc/passwd"));
		for (String path : paths) {
			HttpResponse<String> response = get(path);
			assertThat(response.statusCode()).as(abbreviate(path)).isIn(400, 404);
		}
	}

	@Test
	void valuesThatLookLikeMarkupComeBackAsJsonData() throws Exception {
		context.getBean(MetricsCollector.class).increment("hostile.names", 1, Map.of("user", "<script>alert(1)</script>"));
		HttpResponse<String> response = get("/actuator/collector/hostile.names");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).contains("json"));
	}

	private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String abbreviate(String text) {
		return (text.length() > 160) ? text.substring(0, 160) + "..." : text;
	}

	@SpringBootApplication
	static class HostileApplication {

	}

}
