package dev.bduf.metrics.storage.prometheus;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of the Prometheus HTTP API the backend uses ({@code /api/v1/query_range} and
 * {@code /api/v1/label/__name__/values}), through {@code java.net.http} and Jackson.
 * Every failure is a {@link PrometheusApiException} with a message for the user.
 */
final class PrometheusApi {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String base;

	private final Duration timeout;

	private final HttpClient http;

	private final Map<String, String> headers;

	PrometheusApi(URI url, Duration timeout, Map<String, String> headers) {
		String text = url.toString();
		this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
		this.timeout = timeout;
		this.headers = Map.copyOf(headers);
		this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
	}

	String url() {
		return this.base;
	}

	/**
	 * {@code GET /api/v1/query_range}.
	 * @return the {@code data} node ({@code resultType}, {@code result})
	 */
	JsonNode queryRange(String promql, Instant start, Instant end, Duration step) {
		return get("/api/v1/query_range", Map.of("query", promql, "start", seconds(start), "end", seconds(end), "step",
				seconds(step.toMillis())));
	}

	/**
	 * {@code GET /api/v1/label/__name__/values} of the series matching a selector.
	 * @return the {@code data} node, an array of names
	 */
	JsonNode names(String match, Instant start, Instant end) {
		return get("/api/v1/label/__name__/values",
				Map.of("match[]", match, "start", seconds(start), "end", seconds(end)));
	}

	private JsonNode get(String path, Map<String, String> parameters) {
		StringJoiner query = new StringJoiner("&");
		parameters.forEach((key, value) -> query.add(encode(key) + "=" + encode(value)));
		HttpRequest.Builder request;
		try {
			request = HttpRequest.newBuilder(URI.create(this.base + path + "?" + query)).timeout(this.timeout).GET();
		}
		catch (IllegalArgumentException ex) {
			throw new PrometheusApiException("bduf.metrics.storage.prometheus.url is not a usable URL: " + this.base);
		}
		request.header("Accept", "application/json");
		this.headers.forEach(request::header);
		HttpResponse<String> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new PrometheusApiException("Prometheus at " + this.base + " could not be reached: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PrometheusApiException("Interrupted while asking Prometheus at " + this.base);
		}
		JsonNode body;
		try {
			body = json.readTree(response.body());
		}
		catch (JacksonException ex) {
			throw new PrometheusApiException("Prometheus at " + this.base + " answered HTTP " + response.statusCode()
					+ " with a body that is not its API's JSON: " + abbreviate(response.body()));
		}
		if (body == null || !body.isObject()) {
			throw new PrometheusApiException("Prometheus at " + this.base + " answered HTTP " + response.statusCode()
					+ " with a body that is not its API's JSON: " + abbreviate(response.body()));
		}
		if (response.statusCode() != 200 || !"success".equals(body.path("status").asString(""))) {
			String error = body.path("error").asString("");
			throw new PrometheusApiException("Prometheus at " + this.base + " answered HTTP " + response.statusCode()
					+ (error.isEmpty() ? ": " + abbreviate(response.body()) : ": " + error));
		}
		JsonNode data = body.get("data");
		if (data == null || data.isNull()) {
			throw new PrometheusApiException("Prometheus at " + this.base + " answered without data");
		}
		return data;
	}

	private static String abbreviate(String text) {
		return (text.length() <= 200) ? text : text.substring(0, 200) + "...";
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static String seconds(Instant instant) {
		return seconds(instant.toEpochMilli());
	}

	private static String seconds(long millis) {
		return java.math.BigDecimal.valueOf(millis, 3).toPlainString();
	}

	/**
	 * The server could not be asked, or answered with an error or something unreadable.
	 */
	static final class PrometheusApiException extends RuntimeException {

		PrometheusApiException(String message) {
			super(message, null, false, false);
		}

	}

}
