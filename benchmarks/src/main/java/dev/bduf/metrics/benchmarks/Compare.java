package dev.bduf.metrics.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every facade/Micrometer pair at 1 and 2 threads with the GC profiler, in one go,
 * inside the Boot application of {@link BenchApplication}, and prints each pair's ratio
 * against the issue's target with MET or MISSED.
 * <p>
 * Usage: {@code java -cp benchmarks.jar dev.bduf.metrics.benchmarks.Compare
 * [--threads=1,2] [--rounds=1] [JMH options, e.g. -f 3 -wi 5 -w 1s -i 5 -r 1s]}. Without
 * a JMH include pattern it runs the benchmarks of {@link #PAIRS}; the scrape benchmark
 * runs at 1 thread only. With several rounds the whole set runs again and a summary gives
 * the median of the per-round ratios. Exits with 0 even when a target is missed: the table
 * says so; benchmarks are not tests.
 */
public final class Compare {

	/**
	 * A facade benchmark, the Micrometer benchmark it is held against, and the target
	 * ({@code NaN}: for information). With {@code subtract}, the pair compares overheads:
	 * {@code (facade - subtract) / (baseline - subtract)}. {@code maxThreads}: the pair is
	 * run at thread counts up to this only.
	 */
	record Pair(String label, String facade, String baseline, String subtract, double maxRatio, int maxThreads) {

		Pair(String label, String facade, String baseline, double maxRatio) {
			this(label, facade, baseline, null, maxRatio, Integer.MAX_VALUE);
		}

		String benchmarkClass() {
			return this.facade.substring(0, this.facade.indexOf('.'));
		}

	}

	static final List<Pair> PAIRS = List.of(
			new Pair("increment per-call map / lookup+increment", "CounterBenchmark.facadeIncrementPerCallMap",
					"CounterBenchmark.micrometerLookupIncrement", 0.5),
			new Pair("increment prebuilt map / held Counter", "CounterBenchmark.facadeIncrementPrebuiltMap",
					"CounterBenchmark.micrometerHeldIncrement", Double.NaN),
			new Pair("BoundCounter / held Counter", "CounterBenchmark.facadeBoundIncrement",
					"CounterBenchmark.micrometerHeldIncrement", Double.NaN),
			new Pair("timing per-call map / held Timer", "TimerBenchmark.facadeTimingPerCallMap",
					"TimerBenchmark.micrometerHeldRecord", 2.0),
			new Pair("timing prebuilt map / held Timer", "TimerBenchmark.facadeTimingPrebuiltMap",
					"TimerBenchmark.micrometerHeldRecord", 1.2),
			new Pair("timing per-call map / lookup+record", "TimerBenchmark.facadeTimingPerCallMap",
					"TimerBenchmark.micrometerLookupRecord", Double.NaN),
			new Pair("histogram per-call map / held summary", "HistogramBenchmark.facadeHistogramPerCallMap",
					"HistogramBenchmark.micrometerHeldRecord", 2.0),
			new Pair("histogram prebuilt map / held summary", "HistogramBenchmark.facadeHistogramPrebuiltMap",
					"HistogramBenchmark.micrometerHeldRecord", 1.2),
			new Pair("histogram per-call map / lookup+record", "HistogramBenchmark.facadeHistogramPerCallMap",
					"HistogramBenchmark.micrometerLookupRecord", Double.NaN),
			new Pair("@Tracked / @Timed+TimedAspect overhead", "TrackedBenchmark.tracked", "TrackedBenchmark.timed",
					"TrackedBenchmark.unproxied", 0.5, Integer.MAX_VALUE),
			new Pair("scrape 10k counter series", "ScrapeBenchmark.facadeScrape[kind=counter]",
					"ScrapeBenchmark.micrometerScrape[kind=counter]", null, 1.09, 1),
			new Pair("scrape 10k timer series", "ScrapeBenchmark.facadeScrape[kind=timer]",
					"ScrapeBenchmark.micrometerScrape[kind=timer]", null, 1.09, 1));

	/**
	 * One benchmark at one thread count: JMH's mean and error, the median of the
	 * measurement iterations of all forks (robust to a neighbour's build stealing a core
	 * for one iteration), the unit and the allocation per operation.
	 */
	record Row(String benchmark, int threads, double score, double error, double median, String unit,
			double bytesPerOp) {
	}

	/** A pair's numbers at one thread count: medians (or median overheads) and B/op. */
	record Comparison(double facade, double baseline, double ratio, double facadeBytes, double baselineBytes,
			String unit) {
	}

	private Compare() {
	}

	public static void main(String[] args) throws Exception {
		int[] threads = { 1, 2 };
		int rounds = 1;
		List<String> jmhArgs = new ArrayList<>();
		for (String arg : args) {
			if (arg.startsWith("--rounds=")) {
				rounds = Integer.parseInt(arg.substring("--rounds=".length()));
			}
			else if (arg.startsWith("--threads=")) {
				threads = Arrays.stream(arg.substring("--threads=".length()).split(","))
					.mapToInt(Integer::parseInt)
					.toArray();
			}
			else {
				jmhArgs.add(arg);
			}
		}
		CommandLineOptions cli = new CommandLineOptions(jmhArgs.toArray(String[]::new));
		Map<String, List<Double>> ratiosByPair = new LinkedHashMap<>();
		Map<String, Row> rows = new LinkedHashMap<>();
		for (int round = 1; round <= rounds; round++) {
			rows = new LinkedHashMap<>();
			for (int t : threads) {
				for (Row row : run(cli, t)) {
					rows.put(row.benchmark() + "@" + t, row);
				}
			}
			System.out.println();
			System.out.println("######## Round " + round + " of " + rounds);
			print(rows, threads, ratiosByPair);
		}
		if (rounds > 1) {
			summary(threads, ratiosByPair);
		}
	}

	private static List<Row> run(CommandLineOptions cli, int threads) throws RunnerException {
		OptionsBuilder builder = new OptionsBuilder();
		builder.parent(cli);
		if (cli.getIncludes().isEmpty()) {
			Set<String> classes = new LinkedHashSet<>();
			for (Pair pair : PAIRS) {
				if (threads <= pair.maxThreads()) {
					classes.add(pair.benchmarkClass());
				}
			}
			builder.include("dev\\.bduf\\.metrics\\.benchmarks\\.(" + String.join("|", classes) + ")\\.");
		}
		for (Pair pair : PAIRS) {
			if (threads > pair.maxThreads()) {
				builder.exclude("dev\\.bduf\\.metrics\\.benchmarks\\." + pair.benchmarkClass() + "\\.");
			}
		}
		Options options = builder.threads(threads).addProfiler(GCProfiler.class).build();
		Collection<RunResult> results;
		try {
			results = new Runner(options).run();
		}
		catch (NoBenchmarksException ex) {
			// e.g. only ScrapeBenchmark asked for, at 2 threads
			System.out.println("No benchmark to run at " + threads + " thread(s)");
			return List.of();
		}
		List<Row> rows = new ArrayList<>();
		for (RunResult result : results) {
			Result<?> primary = result.getPrimaryResult();
			rows.add(new Row(shortName(result.getParams()), threads, primary.getScore(), primary.getScoreError(),
					median(result), primary.getScoreUnit(), allocation(result.getSecondaryResults())));
		}
		return rows;
	}

	/** {@code Class.method}, with {@code [key=value,...]} when the benchmark has parameters. */
	private static String shortName(BenchmarkParams params) {
		String full = params.getBenchmark();
		String name = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1);
		List<String> values = new ArrayList<>();
		for (String key : params.getParamsKeys()) {
			values.add(key + "=" + params.getParam(key));
		}
		return values.isEmpty() ? name : name + "[" + String.join(",", values) + "]";
	}

	private static double median(RunResult result) {
		double[] scores = result.getBenchmarkResults()
			.stream()
			.flatMap((benchmark) -> benchmark.getIterationResults().stream())
			.mapToDouble((iteration) -> iteration.getPrimaryResult().getScore())
			.sorted()
			.toArray();
		return median(scores);
	}

	private static double median(double[] sorted) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static double allocation(Map<String, Result> secondary) {
		for (String key : List.of("gc.alloc.rate.norm", "\u00b7gc.alloc.rate.norm")) {
			Result<?> result = secondary.get(key);
			if (result != null) {
				return result.getScore();
			}
		}
		return Double.NaN;
	}

	/** The pair's numbers at {@code threads}, or {@code null} when a benchmark did not run. */
	private static Comparison compare(Pair pair, Map<String, Row> rows, int threads) {
		Row facade = rows.get(pair.facade() + "@" + threads);
		Row baseline = rows.get(pair.baseline() + "@" + threads);
		if (facade == null || baseline == null) {
			return null;
		}
		double f = facade.median();
		double b = baseline.median();
		double fBytes = facade.bytesPerOp();
		double bBytes = baseline.bytesPerOp();
		if (pair.subtract() != null) {
			Row base = rows.get(pair.subtract() + "@" + threads);
			if (base == null) {
				return null;
			}
			f -= base.median();
			b -= base.median();
			fBytes -= base.bytesPerOp();
			bBytes -= base.bytesPerOp();
		}
		return new Comparison(f, b, f / b, fBytes, bBytes, facade.unit());
	}

	private static String target(Pair pair) {
		return Double.isNaN(pair.maxRatio()) ? "info" : String.format(Locale.ROOT, "<=%.2fx", pair.maxRatio());
	}

	private static String verdict(Pair pair, double ratio) {
		if (Double.isNaN(pair.maxRatio())) {
			return "";
		}
		return (ratio <= pair.maxRatio()) ? "MET" : "MISSED";
	}

	private static void print(Map<String, Row> rows, int[] threads, Map<String, List<Double>> ratiosByPair) {
		System.out.println();
		System.out.println("== Results (average time; median of all measurement iterations; B/op from -prof gc"
				+ " gc.alloc.rate.norm) ==");
		System.out.printf(Locale.ROOT, "%-58s %7s %22s %10s %-6s %9s%n", "Benchmark", "Threads", "mean", "median",
				"unit", "B/op");
		for (Row row : rows.values()) {
			System.out.printf(Locale.ROOT, "%-58s %7d %22s %10.2f %-6s %9.1f%n", row.benchmark(), row.threads(),
					String.format(Locale.ROOT, "%.2f \u00b1 %.2f", row.score(), row.error()), row.median(),
					row.unit(), row.bytesPerOp());
		}
		System.out.println();
		System.out.println("== Facade / Micrometer (medians; for @Tracked/@Timed the overhead over the unproxied"
				+ " call; lower is better) ==");
		System.out.printf(Locale.ROOT, "%-42s %7s %12s %12s %-6s %7s %11s %8s %7s%n", "Pair", "Threads", "facade",
				"Micrometer", "unit", "ratio", "B/op f/m", "target", "verdict");
		for (Pair pair : PAIRS) {
			for (int t : threads) {
				Comparison c = compare(pair, rows, t);
				if (c == null) {
					continue;
				}
				ratiosByPair.computeIfAbsent(pair.label() + "@" + t, (k) -> new ArrayList<>()).add(c.ratio());
				System.out.printf(Locale.ROOT, "%-42s %7d %12.2f %12.2f %-6s %6.2fx %11s %8s %7s%n", pair.label(), t,
						c.facade(), c.baseline(), c.unit(), c.ratio(),
						String.format(Locale.ROOT, "%.0f/%.0f", c.facadeBytes(), c.baselineBytes()), target(pair),
						verdict(pair, c.ratio()));
			}
		}
	}

	/**
	 * Across rounds: the median of each pair's per-round ratio. Each round runs a facade
	 * benchmark shortly before or after its baseline, so slow changes in the machine's load
	 * affect both sides of a per-round ratio alike.
	 */
	private static void summary(int[] threads, Map<String, List<Double>> ratiosByPair) {
		System.out.println();
		System.out.println("== Summary over rounds: facade/Micrometer ratio per round, and their median ==");
		System.out.printf(Locale.ROOT, "%-42s %7s %-30s %7s %8s %7s%n", "Pair", "Threads", "per round", "median",
				"target", "verdict");
		for (Pair pair : PAIRS) {
			for (int t : threads) {
				List<Double> ratios = ratiosByPair.get(pair.label() + "@" + t);
				if (ratios == null) {
					continue;
				}
				double median = median(ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray());
				StringBuilder each = new StringBuilder();
				for (double ratio : ratios) {
					each.append((each.length() > 0) ? " " : "").append(String.format(Locale.ROOT, "%.2f", ratio));
				}
				System.out.printf(Locale.ROOT, "%-42s %7d %-30s %6.2fx %8s %7s%n", pair.label(), t, each, median,
						target(pair), verdict(pair, median));
			}
		}
	}

}
