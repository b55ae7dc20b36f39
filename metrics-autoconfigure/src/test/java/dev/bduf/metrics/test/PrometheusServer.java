package dev.bduf.metrics.test;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.fail;

/**
 * A real Prometheus server ({@code /usr/bin/prometheus}, Debian package
 * {@code prometheus}) started for a test: it listens on a free loopback port, scrapes one
 * application's {@code /actuator/prometheus} every second, keeps its data in a temporary
 * directory, and is stopped (and the directory deleted) by {@link #close()}.
 * <p>
 * The scrape job is named {@value #JOB} and uses {@code honor_labels: true}: the
 * application's own labels ({@code service}, {@code instance_id}, ...) are kept as they
 * are and never renamed to {@code exported_*}; Prometheus adds {@code job} and
 * {@code instance}. When the binary is missing the calling test is skipped with a message
 * naming the package, unless {@code BDUF_REQUIRE_EXTERNAL_TOOLS=true} (then it fails).
 */
public final class PrometheusServer implements AutoCloseable {

	/** Name of the scrape job of the application. */
	public static final String JOB = "app";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Path directory;

	private final Process process;

	private final String base;

	private final Path log;

	private PrometheusServer(Path directory, Process process, int port, Path log) {
		this.directory = directory;
		this.process = process;
		this.base = "http://127.0.0.1:" + port;
		this.log = log;
	}

	/**
	 * Start a server that scrapes {@code http://127.0.0.1:<appPort>/actuator/prometheus}
	 * every second, and wait until it is ready. Skips the test when Prometheus is not
	 * installed (fails it when {@code BDUF_REQUIRE_EXTERNAL_TOOLS=true}).
	 * @param appPort the application's HTTP port
	 * @return the running server
	 */
	public static PrometheusServer scraping(int appPort) {
		return scraping(new int[] { appPort });
	}

	/**
	 * Start a server that scrapes several applications (instances of one fleet) in one
	 * job every second, and wait until it is ready.
	 * @param appPorts the applications' HTTP ports
	 * @return the running server
	 */
	public static PrometheusServer scraping(int... appPorts) {
		Path binary = requirePrometheus();
		for (int attempt = 1;; attempt++) {
			PrometheusServer server = tryStart(binary, appPorts);
			if (server != null) {
				return server;
			}
			if (attempt == 3) {
				fail("Prometheus did not start in three attempts");
			}
		}
	}

	/**
	 * The Prometheus binary: {@code prometheus} on the {@code PATH}, else
	 * {@code /usr/bin/prometheus}. Skips the calling test when it is missing, or fails it
	 * when {@code BDUF_REQUIRE_EXTERNAL_TOOLS=true}.
	 * @return the binary
	 */
	public static Path requirePrometheus() {
		List<Path> candidates = new ArrayList<>();
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(File.pathSeparator)) {
				if (!dir.isEmpty()) {
					candidates.add(Path.of(dir, "prometheus"));
				}
			}
		}
		candidates.add(Path.of("/usr/bin/prometheus"));
		for (Path candidate : candidates) {
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		String message = "prometheus not found: install it (Debian package prometheus) to run this test";
		if (Boolean.parseBoolean(System.getenv(ExternalTools.REQUIRE_VARIABLE))) {
			fail(message + " (" + ExternalTools.REQUIRE_VARIABLE + "=true)");
		}
		Assumptions.abort(message);
		throw new IllegalStateException(message);
	}

	private static PrometheusServer tryStart(Path binary, int[] appPorts) {
		Path directory = null;
		try {
			directory = Files.createTempDirectory("bduf-prometheus-");
			int port = freePort();
			Path config = directory.resolve("prometheus.yml");
			Files.writeString(config, """
					global:
					  scrape_interval: 1s
					  scrape_timeout: 1s
					  evaluation_interval: 1s
					scrape_configs:
					  - job_name: %s
					    honor_labels: true
					    metrics_path: /actuator/prometheus
					    static_configs:
					      - targets: [%s]
					""".formatted(JOB, java.util.Arrays.stream(appPorts)
				.mapToObj((target) -> "'127.0.0.1:" + target + "'")
				.collect(java.util.stream.Collectors.joining(", "))));
			Path log = directory.resolve("prometheus.log");
			Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
					"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
					"--log.level=warn")
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			PrometheusServer server = new PrometheusServer(directory, process, port, log);
			if (server.awaitReady(Duration.ofSeconds(30))) {
				return server;
			}
			server.close();
			return null;
		}
		catch (IOException ex) {
			if (directory != null) {
				delete(directory);
			}
			throw new IllegalStateException("Could not start Prometheus", ex);
		}
	}

	/**
	 * A loopback port that was free a moment ago: for an application that must know
	 * its port before Prometheus starts (and Prometheus its URL before it starts).
	 * @return the port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port", ex);
		}
	}

	private boolean awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline && this.process.isAlive()) {
			try {
				HttpResponse<String> response = this.http.send(
						HttpRequest.newBuilder(URI.create(this.base + "/-/ready")).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return true;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			sleep(100);
		}
		return false;
	}

	/**
	 * The server's base URL, such as {@code http://127.0.0.1:41234}.
	 * @return the URL
	 */
	public String url() {
		return this.base;
	}

	/**
	 * Evaluate an instant query now.
	 * @param promql the expression
	 * @return the {@code data} of the answer ({@code resultType} and {@code result})
	 */
	public JsonNode query(String promql) {
		return get("/api/v1/query?query=" + encode(promql));
	}

	/**
	 * Evaluate a range query.
	 * @param promql the expression
	 * @param start first evaluation time
	 * @param end last evaluation time
	 * @param step resolution
	 * @return the {@code data} of the answer
	 */
	public JsonNode queryRange(String promql, Instant start, Instant end, Duration step) {
		return get("/api/v1/query_range?query=" + encode(promql) + "&start=" + seconds(start) + "&end="
				+ seconds(end) + "&step=" + (step.toMillis() / 1000.0));
	}

	/**
	 * The single value of an instant query whose answer has at most one sample.
	 * @param promql the expression
	 * @return the value, or {@code null} when the answer is empty
	 */
	public Double value(String promql) {
		JsonNode result = query(promql).get("result");
		if (result.isEmpty()) {
			return null;
		}
		if (result.size() > 1) {
			throw new AssertionError("Expected one series from " + promql + " but got " + result);
		}
		return number(result.get(0).get("value").get(1).asString());
	}

	/**
	 * A number as Prometheus writes it in JSON ({@code "1.5"}, {@code "+Inf"},
	 * {@code "NaN"}).
	 * @param text the text
	 * @return the number
	 */
	public static double number(String text) {
		return switch (text) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(text);
		};
	}

	/**
	 * Wait until every application's target has been scraped successfully.
	 * @param timeout how long to wait
	 */
	public void awaitTargetUp(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			Double down = value("count(up{job=\"" + JOB + "\"} == 0)");
			Double up = value("count(up{job=\"" + JOB + "\"} == 1)");
			if (up != null && down == null) {
				return;
			}
			sleep(200);
		}
		fail("Prometheus did not scrape the application within " + timeout + "; log:\n" + log());
	}

	/**
	 * Prometheus' own log (warnings and errors).
	 * @return the log so far
	 */
	public String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	private JsonNode get(String pathAndQuery) {
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(this.base + pathAndQuery))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode body = json.readTree(response.body());
			if (response.statusCode() != 200 || !"success".equals(body.path("status").asString())) {
				throw new AssertionError("Prometheus answered " + response.statusCode() + " to " + pathAndQuery + ": "
						+ response.body());
			}
			return body.get("data");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Prometheus did not answer " + pathAndQuery, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static String seconds(Instant instant) {
		return String.valueOf(instant.toEpochMilli() / 1000.0);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stop the server (SIGTERM, then a kill after ten seconds) and delete its data.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		delete(this.directory);
	}

	private static void delete(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory: left for the OS
		}
	}

}
