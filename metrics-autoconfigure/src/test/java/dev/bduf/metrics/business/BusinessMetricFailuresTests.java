package dev.bduf.metrics.business;

import java.time.Duration;

import dev.bduf.metrics.business.BusinessMetricFailures.Reason;
import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class BusinessMetricFailuresTests {

	private final MockClock clock = new MockClock();

	private final BusinessMetricFailures failures = new BusinessMetricFailures(this.clock,
			Duration.ofMinutes(1).toNanos());

	@Test
	void countsEveryFailureAndLogsOncePerIntervalPerReason(CapturedOutput output) {
		for (int i = 0; i < 5; i++) {
			this.failures.fail(Reason.NOT_A_NUMBER, () -> "metric m was not recorded", null);
		}
		this.failures.fail(Reason.EVALUATION_FAILED, () -> "metric e failed", new IllegalStateException("boom"));
		this.clock.add(Duration.ofMinutes(1));
		this.failures.fail(Reason.NOT_A_NUMBER, () -> "metric m again", null);

		assertThat(this.failures.total()).isEqualTo(7);
		assertThat(this.failures.byReason()).containsEntry(Reason.NOT_A_NUMBER, 6L)
			.containsEntry(Reason.EVALUATION_FAILED, 1L)
			.containsEntry(Reason.INVALID_INPUT, 0L);
		assertThat(output).containsOnlyOnce("metric m was not recorded [NOT_A_NUMBER]")
			.contains("metric e failed [EVALUATION_FAILED]: java.lang.IllegalStateException: boom")
			.contains("metric m again [NOT_A_NUMBER] (4 more since the last report)");
	}

	@Test
	void defaultsLogOnceAMinute() {
		assertThat(new BusinessMetricFailures().total()).isZero();
	}

}
