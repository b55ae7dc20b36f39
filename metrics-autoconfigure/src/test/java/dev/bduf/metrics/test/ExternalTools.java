package dev.bduf.metrics.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Outside tools that some tests need, found on the {@code PATH}.
 * <p>
 * A test that needs a tool asks for it with a {@code require...} method. When the tool is
 * missing the test is skipped with a message naming the package to install, so the
 * README's test command still passes on a fresh machine; when the environment variable
 * {@value #REQUIRE_VARIABLE} is {@code true} (as {@code .ci/run} sets it) a missing tool
 * fails the test instead, so CI never silently skips it.
 * <p>
 * <b>promtool.</b> {@code promtool check metrics} reads an exposition on stdin and exits
 * with {@code 0} when it is clean, {@code 3} when it parses but has lint problems (one
 * line per problem such as {@code foo_total no help text} or
 * {@code counter metrics should have "_total" suffix}), and {@code 1} when it does not
 * parse ({@code error while linting: text format parsing error in line ...}). The
 * installed version (Debian's 2.42) has no {@code --lint} option to tell them apart, so
 * {@link #assertNoErrors(PromtoolResult)} decides by exit code: parse errors fail, lint
 * problems are accepted (they are style advice, and Prometheus ingests such text) and
 * left in {@link PromtoolResult#lintProblems()} for a test to inspect. promtool does not
 * flag two samples with the same name and labels, which Prometheus rejects at ingestion,
 * so that check is done here as well.
 */
public final class ExternalTools {

	/** Environment variable that turns a missing tool from a skip into a failure. */
	public static final String REQUIRE_VARIABLE = "BDUF_REQUIRE_EXTERNAL_TOOLS";

	/** promtool's exit code for an exposition that parses but has lint problems. */
	public static final int PROMTOOL_LINT_PROBLEMS = 3;

	private ExternalTools() {
	}

	/**
	 * The {@code promtool} binary on the {@code PATH}. Skips the calling test when it is
	 * missing, or fails it when {@value #REQUIRE_VARIABLE} is {@code true}.
	 * @return the path of promtool
	 */
	public static Path requirePromtool() {
		Path promtool = findOnPath("promtool");
		if (promtool == null) {
			String message = "promtool not found: install it (Debian package prometheus) to run this test";
			if (Boolean.parseBoolean(System.getenv(REQUIRE_VARIABLE))) {
				fail(message + " (" + REQUIRE_VARIABLE + "=true)");
			}
			Assumptions.abort(message);
		}
		return promtool;
	}

	/**
	 * The StatsD daemon of the {@code statsd} npm package, as {@code .ci/run} installs
	 * it ({@code npm install --prefix .ci/node statsd}), and {@code node} on the
	 * {@code PATH}. Skips the calling test when either is missing, or fails it when
	 * {@value #REQUIRE_VARIABLE} is {@code true}.
	 * @return the daemon's {@code stats.js}
	 */
	public static Path requireStatsd() {
		Path node = findOnPath("node");
		Path stats = null;
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve(".ci/node/node_modules/statsd/stats.js");
			if (Files.isRegularFile(candidate)) {
				stats = candidate;
				break;
			}
		}
		if (node == null || stats == null) {
			String message = "statsd not found: run `npm install --prefix .ci/node statsd@0.9.0` (needs node) "
					+ "to run this test";
			if (Boolean.parseBoolean(System.getenv(REQUIRE_VARIABLE))) {
				fail(message + " (" + REQUIRE_VARIABLE + "=true)");
			}
			Assumptions.abort(message);
		}
		return stats;
	}

	/**
	 * Run {@code promtool check metrics} over an exposition.
	 * @param promtool the promtool binary
	 * @param exposition Prometheus text exposition
	 * @return promtool's standard output and standard error together
	 */
	public static String checkMetrics(Path promtool, String exposition) {
		return runCheckMetrics(promtool, exposition).output();
	}

	/**
	 * Run {@code promtool check metrics} over an exposition.
	 * @param promtool the promtool binary
	 * @param exposition Prometheus text exposition
	 * @return promtool's exit code and its output
	 */
	public static PromtoolResult runCheckMetrics(Path promtool, String exposition) {
		try {
			Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
				.start();
			CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
			try (OutputStream stdin = process.getOutputStream()) {
				stdin.write(exposition.getBytes(StandardCharsets.UTF_8));
			}
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail("promtool check metrics did not finish within 60s");
			}
			return new PromtoolResult(process.exitValue(),
					new String(output.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8), exposition);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + promtool, ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("promtool check metrics failed to run", ex);
		}
	}

	/**
	 * Run {@code promtool check metrics} and fail on errors (see the class javadoc).
	 * @param promtool the promtool binary
	 * @param exposition Prometheus text exposition
	 * @return the result, lint problems included
	 */
	public static PromtoolResult assertNoErrors(Path promtool, String exposition) {
		PromtoolResult result = runCheckMetrics(promtool, exposition);
		assertNoErrors(result);
		return result;
	}

	/**
	 * Fail when promtool found errors, or when a series appears twice.
	 * @param result a promtool run
	 */
	public static void assertNoErrors(PromtoolResult result) {
		assertThat(result.exitCode())
			.as("promtool check metrics exit code (0 clean, 3 lint only, else errors); output:%n%s%nexposition:%n%s",
					result.output(), result.exposition())
			.isIn(0, PROMTOOL_LINT_PROBLEMS);
		assertThat(result.output()).as("promtool output").doesNotContain("error while linting");
		assertThat(duplicateSeries(result.exposition())).as("series exposed twice").isEmpty();
	}

	/**
	 * Run {@code promtool check metrics}, fail on errors, and fail on any lint problem of
	 * the metrics whose names start with one of the given prefixes: the meters a test
	 * recorded must be lint-clean, while Spring Boot's and Micrometer's own meters in the
	 * same scrape (JVM, Tomcat and HTTP meters without help text) may keep theirs.
	 * @param promtool the promtool binary
	 * @param exposition Prometheus text exposition
	 * @param ownPrefixes name prefixes of the test's own metrics; none to demand a
	 * lint-free exposition
	 */
	public static void assertValidExposition(Path promtool, String exposition, String... ownPrefixes) {
		PromtoolResult result = assertNoErrors(promtool, exposition);
		List<String> own = result.lintProblems()
			.stream()
			.filter((problem) -> ownPrefixes.length == 0 || List.of(ownPrefixes).stream().anyMatch(problem::startsWith))
			.toList();
		assertThat(own).as("promtool lint problems in the test's own metrics").isEmpty();
	}

	/**
	 * Sample lines (name and labels) that appear more than once in an exposition.
	 * @param exposition Prometheus text exposition
	 * @return the repeated series
	 */
	public static List<String> duplicateSeries(String exposition) {
		Set<String> seen = new HashSet<>();
		List<String> duplicates = new ArrayList<>();
		for (String line : exposition.split("\n")) {
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			int end = line.lastIndexOf(' ');
			String series = (end > 0) ? line.substring(0, end) : line;
			if (!seen.add(series)) {
				duplicates.add(series);
			}
		}
		return duplicates;
	}

	private static byte[] readAll(InputStream in) {
		try {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path findOnPath(String tool) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String dir : path.split(java.io.File.pathSeparator)) {
			if (dir.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(dir, tool);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * What {@code promtool check metrics} said.
	 *
	 * @param exitCode 0 clean, 3 lint problems only, 1 errors
	 * @param output standard output and error together
	 * @param exposition the text that was checked
	 */
	public record PromtoolResult(int exitCode, String output, String exposition) {

		/**
		 * The lint problems promtool listed, one per line.
		 * @return the problems, empty when clean or when the text did not parse
		 */
		public List<String> lintProblems() {
			if (this.exitCode != PROMTOOL_LINT_PROBLEMS) {
				return List.of();
			}
			return this.output.lines().filter((line) -> !line.isBlank()).toList();
		}

	}

}
