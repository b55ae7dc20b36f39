package dev.bduf.metrics.collector;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The Prometheus sample names a name's meters export, as Micrometer's Prometheus naming
 * convention writes them: {@code .} and {@code -} read as {@code _}, a leading digit
 * turned into {@code _}, the base unit appended to summaries and timers, and the suffixes
 * each kind derives.
 */
final class PrometheusNames {

	private PrometheusNames() {
	}

	static List<String> exported(String name, Kind kind, @Nullable String baseUnit) {
		String family = family(name);
		List<String> exported = new ArrayList<>();
		switch (kind) {
			case COUNTER -> {
				String root = strip(family, "_total");
				exported.add(root);
				exported.add(root + "_total");
				exported.add(root + "_created");
			}
			case GAUGE, UP_DOWN -> exported.add(strip(family, "_total"));
			case SUMMARY, BUSINESS, TIMER -> {
				String unit = (kind == Kind.TIMER) ? "seconds" : baseUnit;
				String root = (unit == null || family.endsWith("_" + unit)) ? family : family + "_" + unit;
				exported.add(root);
				for (String suffix : new String[] { "_count", "_sum", "_bucket", "_max", "_created" }) {
					exported.add(root + suffix);
				}
			}
		}
		return exported;
	}

	static String family(String name) {
		StringBuilder family = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			family.append((c == '.' || c == '-') ? '_' : c);
		}
		if (Character.isDigit(family.charAt(0))) {
			family.setCharAt(0, '_');
		}
		return family.toString();
	}

	private static String strip(String family, String suffix) {
		return (family.endsWith(suffix) && family.length() > suffix.length())
				? family.substring(0, family.length() - suffix.length()) : family;
	}

}
