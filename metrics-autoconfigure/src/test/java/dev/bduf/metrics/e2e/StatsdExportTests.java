package dev.bduf.metrics.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.autoconfigure.MetricsCollectorAutoConfiguration;
import dev.bduf.metrics.test.ExternalTools;
import io.micrometer.statsd.StatsdMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * StatsD export through Micrometer's StatsD registry, switched on with Spring Boot's own
 * {@code management.statsd.metrics.export.*}: what the collector records, with the default
 * tags its MeterFilter adds, arrives in each flavour's line syntax, and the totals received
 * equal the totals recorded. A UDP socket reads the lines of every flavour; the etsy
 * flavour also goes to a real StatsD daemon (the {@code statsd} npm package).
 */
class StatsdExportTests {

	private static final int ORDERS_EU = 7;

	private static final int ORDERS_US = 5;

	private static final int CHECKOUTS = 9;

	/** etsy: tags folded into the name; the name is the whole key. */
	private static final Pattern ETSY = Pattern.compile("([A-Za-z0-9_.\\-]+):(-?[0-9.]+)\\|(c|ms|g|h)");

	/** datadog: {@code name:value|type[|@rate][|#k:v,...]}. */
	private static final Pattern DATADOG = Pattern
		.compile("([A-Za-z0-9_.]+):(-?[0-9.]+)\\|(c|ms|g|h|d)(?:\\|@[0-9.]+)?(?:\\|#([^|]+))?");

	/** telegraf: {@code name,k=v,...:value|type}. */
	private static final Pattern TELEGRAF = Pattern
		.compile("([A-Za-z0-9_.]+)((?:,[A-Za-z0-9_.\\-]+=[^,:]+)*):(-?[0-9.]+)\\|(c|ms|g|h)");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(
				type("org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration"),
				type("org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"),
				type("org.springframework.boot.micrometer.metrics.autoconfigure.export.statsd.StatsdMetricsExportAutoConfiguration"),
				MetricsCollectorAutoConfiguration.class))
		.withPropertyValues("spring.application.name=e2e-statsd", "bduf.metrics.instance-id=statsd-1",
				"bduf.metrics.history.enabled=false", "management.statsd.metrics.export.host=127.0.0.1",
				"management.statsd.metrics.export.protocol=udp", "management.statsd.metrics.export.buffered=false");

	@ParameterizedTest
	@ValueSource(strings = { "etsy", "datadog", "telegraf" })
	void eachFlavourCarriesTheDefaultTagsAndTheTotals(String flavour) throws Exception {
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			socket.setSoTimeout(200);
			this.runner
				.withPropertyValues("management.statsd.metrics.export.flavor=" + flavour,
						"management.statsd.metrics.export.port=" + socket.getLocalPort())
				.run((context) -> {
					assertThat(context).hasSingleBean(StatsdMeterRegistry.class);
					MetricsCollector collector = context.getBean(MetricsCollector.class);
					// the registry connects its UDP client asynchronously; lines before that are lost
					await().atMost(Duration.ofSeconds(30)).until(() -> {
						collector.increment("shop.warmup");
						return receive(socket).stream().anyMatch((line) -> line.toLowerCase().contains("warmup"));
					});
					receive(socket);
					record(collector);
					List<String> lines = new ArrayList<>();
					await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
						lines.addAll(receive(socket));
						Totals totals = totals(flavour, lines);
						assertThat(totals.orders).as("orders in %s", lines).isEqualTo(ORDERS_EU + ORDERS_US);
						assertThat(totals.checkouts).as("checkouts in %s", lines).isEqualTo(CHECKOUTS);
					});
					Totals totals = totals(flavour, lines);
					System.out.println(flavour + " line: " + lines.stream()
						.filter((line) -> line.contains("eu"))
						.findFirst()
						.orElse(""));
					assertThat(totals.ordersEu).isEqualTo(ORDERS_EU);
					assertThat(totals.defaultTagged).as("lines of ours with the default tags, %s", lines)
						.isEqualTo(totals.ours);
				});
		}
	}

	@Test
	void aRealStatsdDaemonReceivesTheTotalsRecorded(@TempDir Path directory) throws Exception {
		Path stats = ExternalTools.requireStatsd();
		Path backend = Path.of(StatsdExportTests.class.getResource("/statsd/json-backend.js").toURI());
		int port = freeUdpPort();
		int mgmtPort = freeTcpPort();
		Path config = directory.resolve("config.js");
		Files.writeString(config, "{ port: " + port + ", address: \"127.0.0.1\", mgmt_port: " + mgmtPort
				+ ", mgmt_address: \"127.0.0.1\", flushInterval: 500, backends: [\"" + backend + "\"] }");
		Process daemon = new ProcessBuilder("node", stats.toString(), config.toString()).redirectErrorStream(true)
			.start();
		List<String> output = new CopyOnWriteArrayList<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					output.add(line);
				}
			}
			catch (IOException ex) {
				// the daemon stopped
			}
		}, "statsd-output");
		reader.setDaemon(true);
		reader.start();
		try {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> output.stream().anyMatch((line) -> line.contains("server is up")));
			this.runner
				.withPropertyValues("management.statsd.metrics.export.flavor=etsy",
						"management.statsd.metrics.export.port=" + port)
				.run((context) -> {
					MetricsCollector collector = context.getBean(MetricsCollector.class);
					// the registry connects its UDP client asynchronously; lines before that are lost
					await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
						collector.increment("shop.warmup");
						return output.stream().anyMatch((line) -> line.contains("shopWarmup"));
					});
					record(collector);
					await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
						Daemon received = daemonTotals(output);
						assertThat(received.orders).as("%s", output).isEqualTo(ORDERS_EU + ORDERS_US);
						assertThat(received.checkouts).isEqualTo(CHECKOUTS);
					});
					Daemon received = daemonTotals(output);
					assertThat(received.badLines).as("statsd.bad_lines_seen").isZero();
					assertThat(received.keys).allMatch((key) -> key.contains("service.e2e-statsd")
							&& key.contains("instance_id.statsd-1"));
				});
		}
		finally {
			daemon.destroy();
			if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
				daemon.destroyForcibly();
			}
		}
	}

	private static void record(MetricsCollector collector) {
		for (int i = 0; i < ORDERS_EU; i++) {
			collector.increment("shop.orders", 1, Map.of("region", "eu"));
		}
		collector.increment("shop.orders", ORDERS_US, Map.of("region", "us"));
		for (int i = 0; i < CHECKOUTS; i++) {
			collector.timing("shop.checkout", Duration.ofMillis(10 + i));
		}
	}

	private static List<String> receive(DatagramSocket socket) throws IOException {
		List<String> lines = new ArrayList<>();
		byte[] buffer = new byte[65_536];
		while (true) {
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			try {
				socket.receive(packet);
			}
			catch (SocketTimeoutException ex) {
				return lines;
			}
			String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
			text.lines().filter((line) -> !line.isBlank()).forEach(lines::add);
		}
	}

	private static Totals totals(String flavour, List<String> lines) {
		Totals totals = new Totals();
		for (String line : lines) {
			String name;
			String tags;
			double value;
			String type;
			Matcher matcher;
			switch (flavour) {
				case "etsy" -> {
					matcher = ETSY.matcher(line);
					assertThat(matcher.matches()).as("etsy line syntax: %s", line).isTrue();
					name = matcher.group(1);
					tags = name;
					value = Double.parseDouble(matcher.group(2));
					type = matcher.group(3);
				}
				case "datadog" -> {
					matcher = DATADOG.matcher(line);
					assertThat(matcher.matches()).as("datadog line syntax: %s", line).isTrue();
					name = matcher.group(1);
					tags = (matcher.group(4) != null) ? matcher.group(4) : "";
					value = Double.parseDouble(matcher.group(2));
					type = matcher.group(3);
				}
				default -> {
					matcher = TELEGRAF.matcher(line);
					assertThat(matcher.matches()).as("telegraf line syntax: %s", line).isTrue();
					name = matcher.group(1);
					tags = matcher.group(2);
					value = Double.parseDouble(matcher.group(3));
					type = matcher.group(4);
				}
			}
			// etsy: camelCase names with the tags folded in; datadog: dots; telegraf: snake_case
			boolean orders = name.startsWith("shopOrders.") || name.equals("shop.orders")
					|| name.equals("shop_orders");
			boolean checkout = name.startsWith("shopCheckout.") || name.equals("shop.checkout")
					|| name.equals("shop_checkout");
			if (!orders && !checkout) {
				continue;
			}
			totals.ours++;
			if (tags.contains("e2e-statsd") && tags.contains("statsd-1")) {
				totals.defaultTagged++;
			}
			if (orders && type.equals("c")) {
				totals.orders += value;
				if (tags.contains("eu")) {
					totals.ordersEu += value;
				}
			}
			if (checkout && type.equals("ms")) {
				totals.checkouts++;
			}
		}
		return totals;
	}

	private static Daemon daemonTotals(List<String> output) {
		Daemon daemon = new Daemon();
		JsonMapper mapper = JsonMapper.builder().build();
		for (String line : output) {
			if (!line.startsWith("BDUF-STATSD ")) {
				continue;
			}
			JsonNode flush = mapper.readTree(line.substring("BDUF-STATSD ".length()));
			flush.get("counters").properties().forEach((entry) -> {
				if (entry.getKey().startsWith("shopOrders.")) {
					daemon.orders += entry.getValue().asDouble();
					daemon.keys.add(entry.getKey());
				}
				if (entry.getKey().equals("statsd.bad_lines_seen")) {
					daemon.badLines += entry.getValue().asDouble();
				}
			});
			flush.get("timerCounts").properties().forEach((entry) -> {
				if (entry.getKey().startsWith("shopCheckout.")) {
					daemon.checkouts += entry.getValue().asDouble();
					daemon.keys.add(entry.getKey());
				}
			});
		}
		return daemon;
	}

	private static int freeUdpPort() throws IOException {
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static int freeTcpPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static Class<?> type(String name) {
		try {
			return Class.forName(name);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class Totals {

		double orders;

		double ordersEu;

		int checkouts;

		int ours;

		int defaultTagged;

	}

	private static final class Daemon {

		double orders;

		double checkouts;

		double badLines;

		final List<String> keys = new ArrayList<>();

	}

}
