package dev.bduf.metrics.alert;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs every alert state change: a rule that fires at warn level, every other change at
 * info level, under the category {@code dev.bduf.metrics.alert.LogAlertNotifier}.
 */
public final class LogAlertNotifier implements AlertNotifier {

	private static final Log logger = LogFactory.getLog(LogAlertNotifier.class);

	@Override
	public void notify(AlertEvent event) {
		if (event.state() == AlertState.FIRING) {
			if (logger.isWarnEnabled()) {
				logger.warn(describe(event));
			}
		}
		else if (logger.isInfoEnabled()) {
			logger.info(describe(event));
		}
	}

	static String describe(AlertEvent event) {
		StringBuilder text = new StringBuilder(128).append("Alert '")
			.append(event.rule())
			.append("' ")
			.append(event.previous())
			.append(" -> ")
			.append(event.state())
			.append(" [")
			.append(event.severity())
			.append("] ")
			.append(event.metric());
		if (!event.tags().isEmpty()) {
			text.append(new java.util.TreeMap<>(event.tags()));
		}
		text.append(" value=").append(event.value());
		if (!Double.isNaN(event.threshold())) {
			text.append(" threshold=").append(event.threshold());
		}
		return text.append(" since ").append(event.since()).toString();
	}

}
