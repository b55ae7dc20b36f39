package dev.bduf.metrics.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real application on a random port, started the way {@code main} starts it (not
 * through the test framework, which turns metrics export off), and an HTTP client for it.
 */
final class RunningApp implements AutoCloseable {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	final ConfigurableApplicationContext context;

	private final String base;

	RunningApp(Class<?> application, String... properties) {
		this.context = new SpringApplicationBuilder(application).properties("server.port=0")
			.properties(properties)
			.run();
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		this.base = "http://127.0.0.1:" + port;
	}

	String baseUrl() {
		return this.base;
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * GET from the management server, when {@code management.server.port} gives the
	 * actuator a port of its own.
	 */
	HttpResponse<String> getManagement(String path) throws IOException, InterruptedException {
		String port = this.context.getEnvironment().getProperty("local.management.port");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() {
		this.context.close();
	}

}
