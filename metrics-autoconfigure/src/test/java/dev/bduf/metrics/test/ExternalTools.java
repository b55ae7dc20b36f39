package dev.bduf.metrics.test;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Outside tools some tests need. On a developer's machine without them those tests skip
 * with a message naming what to install; with {@code BDUF_REQUIRE_EXTERNAL_TOOLS=true}
 * (set by {@code .ci/run}) they fail instead, so CI can never pass by skipping.
 */
public final class ExternalTools {

	private ExternalTools() {
	}

	/**
	 * Whether missing tools fail tests rather than skip them.
	 * @return {@code true} in CI
	 */
	public static boolean required() {
		return "true".equalsIgnoreCase(System.getenv("BDUF_REQUIRE_EXTERNAL_TOOLS"));
	}

	/**
	 * Find {@code promtool} on the PATH, or skip (fail in CI) the calling test.
	 * @return the promtool executable
	 */
	public static Path requirePromtool() {
		Path found = onPath("promtool");
		String message = "promtool not found on the PATH: install it (Debian package 'prometheus') to run this test";
		if (found == null && required()) {
			fail(message + " (required because BDUF_REQUIRE_EXTERNAL_TOOLS=true)");
		}
		assumeTrue(found != null, message);
		return found;
	}

	/**
	 * Run {@code promtool check metrics} over a Prometheus text exposition and assert
	 * that it parses (promtool exits 1 on a parse error) and that promtool's lint finds
	 * nothing wrong with the metrics whose names start with one of the given prefixes.
	 * Lint problems of meters the test does not own (Spring Boot's and Micrometer's own
	 * JVM, Tomcat and HTTP meters have no help text, for example) make promtool exit 3;
	 * they are reported but do not fail the test.
	 * @param promtool the promtool executable
	 * @param exposition the scraped text
	 * @param ownPrefixes prefixes of the metric names the test recorded; empty to demand a
	 * lint-free exposition
	 */
	public static void assertValidExposition(Path promtool, String exposition, String... ownPrefixes) {
		String output = checkMetrics(promtool, exposition);
		String[] lines = output.split("\n");
		assertThat(lines[0]).as("promtool check metrics exit code; output:%n%s", output).isIn("exit=0", "exit=3");
		for (int i = 1; i < lines.length; i++) {
			String line = lines[i];
			boolean own = ownPrefixes.length == 0;
			for (String prefix : ownPrefixes) {
				own |= line.startsWith(prefix);
			}
			assertThat(own).as("promtool lint problem in a metric of ours: %s", line).isFalse();
		}
	}

	/**
	 * Run {@code promtool check metrics} over a Prometheus text exposition.
	 * @param promtool the promtool executable
	 * @param exposition the scraped text
	 * @return {@code exit=<code>} and promtool's combined output
	 */
	public static String checkMetrics(Path promtool, String exposition) {
		try {
			Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
				.start();
			try (OutputStream in = process.getOutputStream()) {
				in.write(exposition.getBytes(StandardCharsets.UTF_8));
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return fail("promtool did not finish within 60s");
			}
			return "exit=" + process.exitValue() + "\n" + output;
		}
		catch (IOException ex) {
			return fail("could not run promtool", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return fail("interrupted while running promtool", ex);
		}
	}

	private static Path onPath(String tool) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String dir : path.split(File.pathSeparator)) {
			Path candidate = Path.of(dir, tool);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

}
