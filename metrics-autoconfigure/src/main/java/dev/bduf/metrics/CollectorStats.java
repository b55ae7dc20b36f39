package dev.bduf.metrics;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The collector's own statistics.
 *
 * @param since when the collector started
 * @param recorded recordings accepted through the facade (bound counters count in their
 * own meter)
 * @param rejected recordings refused, all reasons together
 * @param rejectedByReason recordings refused, per reason (every reason, zero included)
 * @param overflowed recordings that went to an overflow series because their name had
 * reached its series limit
 * @param names distinct metric names
 * @param series distinct series over all names, overflow series included
 * @param seriesPerName series per name for the names with the most series, largest first
 * (the {@value #TOP_NAMES} names with the most series)
 * @param overflow per name that reached its series limit: what was dropped
 * @param timersOpen timer handles started and neither stopped nor cancelled
 */
public record CollectorStats(Instant since, long recorded, long rejected, Map<RejectionReason, Long> rejectedByReason,
		long overflowed, int names, int series, Map<String, Integer> seriesPerName, Map<String, Overflow> overflow,
		long timersOpen) {

	/**
	 * How many names {@link #seriesPerName()} lists at most.
	 */
	public static final int TOP_NAMES = 20;

	public CollectorStats {
		rejectedByReason = rejectedByReason.isEmpty() ? Map.of()
				: Collections.unmodifiableMap(new EnumMap<>(rejectedByReason));
		seriesPerName = Collections.unmodifiableMap(new LinkedHashMap<>(seriesPerName));
		overflow = Collections.unmodifiableMap(new LinkedHashMap<>(overflow));
	}

	/**
	 * Recordings attempted through the facade: accepted plus rejected.
	 * @return the total
	 */
	public long attempted() {
		return this.recorded + this.rejected;
	}

	/**
	 * What one name lost to its series limit.
	 *
	 * @param recordings recordings that went to the overflow series
	 * @param droppedTagSets distinct tag sets that were refused a series of their own
	 * @param samples the first dropped tag sets, for a clue to the offending tag
	 */
	public record Overflow(long recordings, long droppedTagSets, List<Map<String, String>> samples) {

		public Overflow {
			samples = List.copyOf(samples);
		}

	}

	/**
	 * What the collector knows of one name.
	 *
	 * @param name the normalised name
	 * @param kind what kind of meter it holds
	 * @param baseUnit its base unit, or {@code null}
	 * @param tagKeys the tag keys of its series, default tag keys included
	 * @param series its series, the overflow series included
	 * @param overflow what it lost to its series limit, or {@code null} when it never
	 * reached it
	 */
	public record NameStats(String name, String kind, @Nullable String baseUnit, List<String> tagKeys, int series,
			@Nullable Overflow overflow) {

		public NameStats {
			tagKeys = List.copyOf(tagKeys);
		}

	}

}
