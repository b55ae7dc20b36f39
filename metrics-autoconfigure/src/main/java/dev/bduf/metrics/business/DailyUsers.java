package dev.bduf.metrics.business;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;

/**
 * Distinct users per UTC day, each day a mergeable HyperLogLog sketch (Apache
 * DataSketches): ids are hashed into the sketch and never kept, so memory stays a few
 * kilobytes per day however many users there are. With {@code lgK = 12} the relative
 * standard error is about 1.6%. Distinct users over several days merge the days'
 * sketches, so a user active on two days is counted once.
 * <p>
 * A sketch is not thread-safe: each day holds {@value #STRIPES} sketches, a user always
 * hashed to the same one, each updated under its own monitor, so threads rarely wait.
 */
final class DailyUsers {

	static final int LG_K = 12;

	static final int STRIPES = 4;

	private final Map<LocalDate, Day> days = new ConcurrentHashMap<>();

	private final int retainedDays;

	DailyUsers(int retainedDays) {
		this.retainedDays = Math.max(1, retainedDays);
	}

	void add(LocalDate day, String userId) {
		Day sketches = this.days.get(day);
		if (sketches == null) {
			sketches = this.days.computeIfAbsent(day, (key) -> new Day());
			LocalDate oldest = day.minusDays(this.retainedDays - 1L);
			this.days.keySet().removeIf((kept) -> kept.isBefore(oldest));
		}
		sketches.add(userId);
	}

	/**
	 * Estimated distinct users from one day to another, both included.
	 * @param from the first day
	 * @param to the last day
	 * @return the estimate, rounded
	 */
	long estimate(LocalDate from, LocalDate to) {
		Union union = new Union(LG_K);
		for (Map.Entry<LocalDate, Day> entry : this.days.entrySet()) {
			LocalDate day = entry.getKey();
			if (!day.isBefore(from) && !day.isAfter(to)) {
				entry.getValue().mergeInto(union);
			}
		}
		return Math.round(union.getEstimate());
	}

	int retainedDays() {
		return this.days.size();
	}

	private static final class Day {

		private final HllSketch[] sketches = new HllSketch[STRIPES];

		Day() {
			for (int i = 0; i < STRIPES; i++) {
				this.sketches[i] = new HllSketch(LG_K);
			}
		}

		void add(String userId) {
			HllSketch sketch = this.sketches[(userId.hashCode() & 0x7fffffff) % STRIPES];
			synchronized (sketch) {
				sketch.update(userId);
			}
		}

		void mergeInto(Union union) {
			for (HllSketch sketch : this.sketches) {
				synchronized (sketch) {
					union.update(sketch);
				}
			}
		}

	}

}
