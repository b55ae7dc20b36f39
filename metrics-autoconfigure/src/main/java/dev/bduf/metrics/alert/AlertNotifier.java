package dev.bduf.metrics.alert;

/**
 * Receives every {@link AlertEvent}. Beans of this type are called on the alerting
 * thread; an implementation that does I/O must queue the event and return (the webhook
 * notifier does). An exception is counted and logged and never reaches the others.
 */
@FunctionalInterface
public interface AlertNotifier {

	/**
	 * Handle one state change.
	 * @param event the change
	 */
	void notify(AlertEvent event);

}
