package dev.bduf.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.json.JsonContent;

/**
 * The sample app running on a free port for a test, with an HTTP client over loopback.
 * Injected faults are off unless the test turns them on, so that its requests succeed.
 */
final class RunningSample implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ConfigurableApplicationContext context;

	private final String base;

	private RunningSample(ConfigurableApplicationContext context) {
		this.context = context;
		this.base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * Start the sample with the load generator and the faults off, plus the given
	 * arguments (which win).
	 * @param args command-line arguments such as {@code --spring.profiles.active=file}
	 * @return the running sample
	 */
	static RunningSample start(String... args) {
		// by name, so that an argument replaces a default rather than joining it in a list
		Map<String, String> all = new LinkedHashMap<>();
		for (String arg : List.of("--server.port=0", "--server.address=127.0.0.1", "--sample.load.enabled=false",
				"--sample.faults.slow-ratio=0", "--sample.faults.failure-ratio=0")) {
			all.put(arg.substring(0, arg.indexOf('=')), arg);
		}
		for (String arg : args) {
			all.put(arg.substring(0, Math.max(arg.indexOf('='), 0)), arg);
		}
		return new RunningSample(
				new SpringApplicationBuilder(OrchestratorApplication.class).run(all.values().toArray(String[]::new)));
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30)).build());
	}

	HttpResponse<String> post(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
	}

	JsonContent json(String path) {
		HttpResponse<String> response = get(path);
		if (response.statusCode() != 200) {
			throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		return new JsonContent(response.body());
	}

	String scrape() {
		return get("/actuator/prometheus").body();
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(request.method() + " " + request.uri() + " failed", ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
