package dev.bduf.sample;

/**
 * A failure that {@link Faults} injected into a call; the API answers it with 503.
 */
public class InjectedFailureException extends RuntimeException {

	/**
	 * Create a failure of the given operation.
	 * @param message what failed
	 */
	public InjectedFailureException(String message) {
		super(message);
	}

}
