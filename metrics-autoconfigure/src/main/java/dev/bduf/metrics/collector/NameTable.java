package dev.bduf.metrics.collector;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.bduf.metrics.RejectionReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The collector's names: each caller's spelling of a name resolved to its normalised
 * {@link NameEntry} (cached by the caller's own string, so the hot path is one lookup),
 * the kind the first call fixed, the limit on distinct names, the up-down counter rules,
 * and the names Prometheus would read as one.
 */
final class NameTable {

	private static final Log logger = LogFactory.getLog(DefaultMetricsCollector.class);

	private final Names names;

	private final Rejections rejections;

	private final int maxNames;

	private final List<Pattern> upDownCounters;

	private final ConcurrentHashMap<String, NameEntry> byRawName = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, NameEntry> byName = new ConcurrentHashMap<>();

	/** Prometheus sample names each name's meters export, to refuse names that collide. */
	private final Map<String, String> exportedNames = new HashMap<>();

	/** Keys declared for names that have no entry yet, with their origin; guarded by exportedNames. */
	private final Map<String, Map<String, String>> declared = new HashMap<>();

	NameTable(Names names, Rejections rejections, CollectorSettings settings) {
		this.names = names;
		this.rejections = rejections;
		this.maxNames = settings.maxNames();
		this.upDownCounters = settings.upDownCounters().stream().map(NameTable::glob).toList();
	}

	private static Pattern glob(String glob) {
		StringBuilder regex = new StringBuilder();
		for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
			switch (c) {
				case '*' -> regex.append(".*");
				case '?' -> regex.append('.');
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString());
	}

	/**
	 * The entry of a caller's name, created on first use; {@code null} when the name is
	 * rejected (counted and logged). The kind is checked by the caller.
	 * @param raw the name as the caller spelled it
	 * @param kind the kind of the call
	 * @param baseUnit the base unit a summary is recorded in, else null
	 * @param description help text when the entry is created; null for the default
	 * @param percentileHistogram whether timers of a new entry publish a histogram
	 * @return the entry, or null
	 */
	@Nullable NameEntry entry(String raw, Kind kind, @Nullable String baseUnit, @Nullable String description,
			boolean percentileHistogram) {
		NameEntry entry = this.byRawName.get(raw);
		if (entry != null) {
			return entry;
		}
		String normalized = this.names.normalize(raw);
		if (normalized == null) {
			this.rejections.reject(RejectionReason.INVALID_NAME,
					"Metric name '%s' has no letter or digit; names are normalised to [a-z0-9._-]", raw);
			return null;
		}
		entry = this.byName.get(normalized);
		if (entry == null) {
			if (this.byName.size() >= this.maxNames) {
				this.rejections.reject(RejectionReason.TOO_MANY_NAMES,
						"Metric '%s' was rejected: the collector already holds %d names (bduf.metrics.cardinality.max-names); a name should not carry an id",
						normalized, this.maxNames);
				return null;
			}
			Kind effective = (kind == Kind.COUNTER && isDeclaredUpDown(normalized)) ? Kind.UP_DOWN : kind;
			entry = newEntry(normalized, effective, baseUnit, (description != null) ? description
					: normalized + ": " + effective.description() + " recorded through the BDUF Metrics collector",
					percentileHistogram);
			if (entry == null) {
				return null;
			}
		}
		if (this.byRawName.size() < this.maxNames * 4L) {
			this.byRawName.putIfAbsent(raw, entry);
		}
		return entry;
	}

	@Nullable NameEntry find(String normalized) {
		return this.byName.get(normalized);
	}

	Collection<NameEntry> entries() {
		return this.byName.values();
	}

	/**
	 * Create a name's entry unless the Prometheus samples it would export clash with
	 * another name's: Prometheus reads {@code .} and {@code -} as {@code _}, and derives
	 * {@code _total}, {@code _count}, {@code _sum}, {@code _max} and unit suffixes, so
	 * {@code a.b} and {@code a_b}, or a summary {@code jobs} and a gauge {@code jobs.max},
	 * would be one metric there, and the scrape would drop one or fail as a whole.
	 */
	private @Nullable NameEntry newEntry(String name, Kind kind, @Nullable String baseUnit, String description,
			boolean percentileHistogram) {
		List<String> exported = PrometheusNames.exported(name, kind, baseUnit);
		synchronized (this.exportedNames) {
			NameEntry existing = this.byName.get(name);
			if (existing != null) {
				return existing;
			}
			for (String sample : exported) {
				String owner = this.exportedNames.get(sample);
				if (owner != null) {
					this.rejections.reject(RejectionReason.NAME_COLLISION,
							"Metric '%s' was rejected: Prometheus would export it as '%s', which metric '%s' already "
									+ "exports; rename one of them",
							name, sample, owner);
					return null;
				}
			}
			NameEntry entry = new NameEntry(name, kind, baseUnit, description, percentileHistogram);
			Map<String, String> keys = this.declared.remove(name);
			if (keys != null) {
				synchronized (entry) {
					keys.forEach((key, origin) -> entry.declare(List.of(key), origin));
				}
			}
			exported.forEach((sample) -> this.exportedNames.put(sample, name));
			this.byName.put(name, entry);
			return entry;
		}
	}

	/**
	 * Declare tag keys that series of a name will carry; see {@link NameEntry#declare}.
	 * @param normalized the normalised name
	 * @param keys the keys
	 * @param origin who declares them
	 * @return {@code null} when accepted, else the keys outside the name's fixed key set
	 */
	@Nullable Set<String> declare(String normalized, Collection<String> keys, String origin) {
		NameEntry entry;
		synchronized (this.exportedNames) {
			entry = this.byName.get(normalized);
			if (entry == null) {
				Map<String, String> pending = this.declared.computeIfAbsent(normalized, (name) -> new LinkedHashMap<>());
				keys.forEach((key) -> pending.putIfAbsent(key, origin));
				return null;
			}
		}
		synchronized (entry) {
			return entry.declare(keys, origin);
		}
	}

	private boolean isDeclaredUpDown(String name) {
		for (Pattern pattern : this.upDownCounters) {
			if (pattern.matcher(name).matches()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Count and log a call of another kind than the name's.
	 * @param entry the name
	 * @param kind the call's kind
	 */
	void conflict(NameEntry entry, Kind kind) {
		if (kind == Kind.UP_DOWN && entry.kind == Kind.COUNTER) {
			this.rejections.count(RejectionReason.DECREMENT_ON_COUNTER);
			if (entry.conflictLogged.compareAndSet(false, true)) {
				logger.warn("Metric '" + entry.name + "' is a monotonic counter (its first call was an increment), so "
						+ "decrements are rejected. Declare it as an up-down counter with "
						+ "bduf.metrics.up-down-counters=" + entry.name + " to count both ways.");
			}
			return;
		}
		this.rejections.reject(RejectionReason.KIND_CONFLICT,
				"Metric '%s' is %s; recording it as %s was rejected. Use another name for the other kind",
				entry.name, entry.kind.description(), kind.description());
	}

}
