package dev.bduf.metrics.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every facade/Micrometer pair at 1 and 2 threads with the GC profiler, in one
 * go, and prints a table with the facade's ratio to each baseline and the target.
 * <p>
 * Usage: {@code java -cp benchmarks.jar dev.bduf.metrics.benchmarks.Compare
 * [--threads=1,2] [--rounds=1] [JMH options, e.g. -f 1 -wi 3 -w 1s -i 5 -r 1s]}. With
 * several rounds the whole set runs again and a summary gives the median of the
 * per-round ratios. Exits with 0 even when a target is missed: the table says so;
 * benchmarks are not tests.
 */
public final class Compare {

	/** A facade benchmark, the Micrometer benchmark it is held against, and the target. */
	record Pair(String facade, String baseline, double maxRatio, boolean mustAllocateLess) {
	}

	static final List<Pair> PAIRS = List.of(
			new Pair("CounterBenchmark.facadeIncrement", "CounterBenchmark.micrometerLookupIncrement", 1.0, true),
			new Pair("CounterBenchmark.facadeBoundIncrement", "CounterBenchmark.micrometerHeldIncrement", 1.1, false),
			new Pair("TimerBenchmark.facadeTiming", "TimerBenchmark.micrometerHeldRecord", 1.2, false),
			new Pair("TimerBenchmark.facadeTiming", "TimerBenchmark.micrometerLookupRecord", Double.NaN, false),
			new Pair("HistogramBenchmark.facadeHistogram", "HistogramBenchmark.micrometerHeldRecord", 1.2, false),
			new Pair("HistogramBenchmark.facadeHistogram", "HistogramBenchmark.micrometerLookupRecord", Double.NaN,
					false));

	/**
	 * One benchmark at one thread count: JMH's mean and error, the median of the
	 * measurement iterations (robust to a neighbour's build stealing a core for one
	 * iteration) and the allocation per operation.
	 */
	record Row(String benchmark, int threads, double score, double error, double median, double bytesPerOp) {
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
			summary(rows, threads, ratiosByPair);
		}
	}

	/**
	 * Across rounds: the median of each pair's per-round median ratio. Each round runs a
	 * facade benchmark shortly before or after its baseline, so slow changes in the
	 * machine's load affect both sides of a per-round ratio alike.
	 */
	private static void summary(Map<String, Row> lastRound, int[] threads, Map<String, List<Double>> ratiosByPair) {
		System.out.println();
		System.out.println("== Summary over rounds: facade/Micrometer median ratio per round, and their median ==");
		System.out.printf(Locale.ROOT, "%-37s %-41s %7s %-24s %7s %9s %10s %7s%n", "Facade", "Micrometer baseline",
				"Threads", "per round", "median", "B/op", "target", "verdict");
		for (Pair pair : PAIRS) {
			for (int t : threads) {
				List<Double> ratios = ratiosByPair.get(pair.facade() + "|" + pair.baseline() + "@" + t);
				Row facade = lastRound.get(pair.facade() + "@" + t);
				Row baseline = lastRound.get(pair.baseline() + "@" + t);
				if (ratios == null || facade == null || baseline == null) {
					continue;
				}
				double median = median(ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray());
				StringBuilder each = new StringBuilder();
				for (double ratio : ratios) {
					each.append((each.length() > 0) ? " " : "").append(String.format(Locale.ROOT, "%.2f", ratio));
				}
				String[] verdict = verdict(pair, median, facade, baseline);
				System.out.printf(Locale.ROOT, "%-37s %-41s %7d %-24s %6.2fx %9s %10s %7s%n", pair.facade(),
						pair.baseline(), t, each, median,
						String.format(Locale.ROOT, "%.0f/%.0f", facade.bytesPerOp(), baseline.bytesPerOp()),
						verdict[0], verdict[1]);
			}
		}
	}

	/** Target and verdict for a ratio: {@code {target, verdict}}. */
	private static String[] verdict(Pair pair, double ratio, Row facade, Row baseline) {
		if (Double.isNaN(pair.maxRatio())) {
			return new String[] { "info", "" };
		}
		boolean ok = ratio <= pair.maxRatio();
		String target = String.format(Locale.ROOT, "<=%.1fx", pair.maxRatio());
		if (pair.mustAllocateLess()) {
			ok &= facade.bytesPerOp() < baseline.bytesPerOp();
			target += ",<B";
		}
		return new String[] { target, ok ? "MEETS" : "MISSES" };
	}

	private static List<Row> run(CommandLineOptions cli, int threads) throws RunnerException {
		OptionsBuilder builder = new OptionsBuilder();
		builder.parent(cli);
		if (cli.getIncludes().isEmpty()) {
			builder.include("dev\\.bduf\\.metrics\\.benchmarks\\..*Benchmark\\..*");
		}
		Options options = builder.threads(threads).addProfiler(GCProfiler.class).build();
		Collection<RunResult> results = new Runner(options).run();
		List<Row> rows = new ArrayList<>();
		for (RunResult result : results) {
			String full = result.getParams().getBenchmark();
			String shortName = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1);
			Result<?> primary = result.getPrimaryResult();
			rows.add(new Row(shortName, threads, primary.getScore(), primary.getScoreError(), median(result),
					allocation(result.getSecondaryResults())));
		}
		return rows;
	}

	private static double median(RunResult result) {
		double[] scores = result.getBenchmarkResults()
			.stream()
			.flatMap((benchmark) -> benchmark.getIterationResults().stream())
			.mapToDouble((iteration) -> iteration.getPrimaryResult().getScore())
			.sorted()
			.toArray();
		if (scores.length == 0) {
			return Double.NaN;
		}
		return median(scores);
	}

	private static double median(double[] sorted) {
		double[] scores = sorted;
		if (scores.length == 0) {
			return Double.NaN;
		}
		int middle = scores.length / 2;
		return (scores.length % 2 == 1) ? scores[middle] : (scores[middle - 1] + scores[middle]) / 2;
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

	private static void print(Map<String, Row> rows, int[] threads, Map<String, List<Double>> ratiosByPair) {
		System.out.println();
		System.out.println("== Results (average time; B/op from -prof gc gc.alloc.rate.norm) ==");
		System.out.printf(Locale.ROOT, "%-45s %7s %20s %10s %10s%n", "Benchmark", "Threads", "ns/op (mean)",
				"median", "B/op");
		for (Row row : rows.values()) {
			System.out.printf(Locale.ROOT, "%-45s %7d %20s %10.2f %10.1f%n", row.benchmark(), row.threads(),
					String.format(Locale.ROOT, "%.2f \u00b1 %.2f", row.score(), row.error()), row.median(),
					row.bytesPerOp());
		}
		System.out.println();
		System.out.println("== Facade / Micrometer (ratio of ns/op, means and medians; lower is better;"
				+ " verdict on the median ratio) ==");
		System.out.printf(Locale.ROOT, "%-37s %-41s %7s %7s %7s %9s %10s %7s%n", "Facade", "Micrometer baseline",
				"Threads", "mean", "median", "B/op", "target", "verdict");
		for (Pair pair : PAIRS) {
			for (int t : threads) {
				Row facade = rows.get(pair.facade() + "@" + t);
				Row baseline = rows.get(pair.baseline() + "@" + t);
				if (facade == null || baseline == null) {
					continue;
				}
				double ratio = facade.score() / baseline.score();
				double medianRatio = facade.median() / baseline.median();
				ratiosByPair.computeIfAbsent(pair.facade() + "|" + pair.baseline() + "@" + t, (k) -> new ArrayList<>())
					.add(medianRatio);
				String[] v = verdict(pair, medianRatio, facade, baseline);
				String target = v[0];
				String verdict = v[1];
				System.out.printf(Locale.ROOT, "%-37s %-41s %7d %6.2fx %6.2fx %9s %10s %7s%n", pair.facade(),
						pair.baseline(), t, ratio, medianRatio,
						String.format(Locale.ROOT, "%.0f/%.0f", facade.bytesPerOp(), baseline.bytesPerOp()), target,
						verdict);
			}
		}
	}

}
