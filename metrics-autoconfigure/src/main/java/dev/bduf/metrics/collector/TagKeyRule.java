package dev.bduf.metrics.collector;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Whether a registry needs every meter of a name to carry the same tag keys. Micrometer's
 * Prometheus registry up to 1.16 (Spring Boot 4.0) refuses a meter whose keys differ from
 * the first of its name and keeps it out of the scrape; from 1.17 (Spring Boot 4.1) it
 * accepts it, as Prometheus itself does.
 */
final class TagKeyRule {

	private static final String PROMETHEUS_REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

	private static final String LEGACY_PROMETHEUS_REGISTRY = "io.micrometer.prometheus.PrometheusMeterRegistry";

	private TagKeyRule() {
	}

	static boolean requiresConsistentKeys(MeterRegistry registry) {
		if (registry instanceof CompositeMeterRegistry composite) {
			for (MeterRegistry child : composite.getRegistries()) {
				if (requiresConsistentKeys(child)) {
					return true;
				}
			}
			return false;
		}
		for (Class<?> type = registry.getClass(); type != null; type = type.getSuperclass()) {
			if (type.getName().equals(LEGACY_PROMETHEUS_REGISTRY)) {
				return true;
			}
			if (type.getName().equals(PROMETHEUS_REGISTRY)) {
				return !atLeast(type.getPackage().getImplementationVersion(), 1, 17);
			}
		}
		return false;
	}

	/**
	 * Whether a version such as {@code 1.17.2} is at least {@code major.minor}; an unknown
	 * version is not.
	 */
	static boolean atLeast(String version, int major, int minor) {
		if (version == null) {
			return false;
		}
		String[] parts = version.split("[.-]");
		try {
			int actualMajor = Integer.parseInt(parts[0]);
			int actualMinor = (parts.length > 1) ? Integer.parseInt(parts[1]) : 0;
			return actualMajor > major || (actualMajor == major && actualMinor >= minor);
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

}
