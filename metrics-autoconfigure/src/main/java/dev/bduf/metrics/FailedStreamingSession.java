package dev.bduf.metrics;

import java.util.concurrent.Flow;

/**
 * A session that could not be opened: its publisher signals {@code onError} with the
 * problem to each subscriber.
 */
final class FailedStreamingSession implements StreamingSession {

	private final String id;

	private final StreamingConfig config;

	private final String error;

	FailedStreamingSession(String id, StreamingConfig config, String error) {
		this.id = id;
		this.config = config;
		this.error = error;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public StreamingConfig config() {
		return this.config;
	}

	@Override
	public String error() {
		return this.error;
	}

	@Override
	public Flow.Publisher<StreamingUpdate> updates() {
		return (subscriber) -> {
			subscriber.onSubscribe(new Flow.Subscription() {

				@Override
				public void request(long n) {
				}

				@Override
				public void cancel() {
				}

			});
			subscriber.onError(new IllegalArgumentException(this.error));
		};
	}

	@Override
	public boolean isOpen() {
		return false;
	}

	@Override
	public void close() {
	}

	@Override
	public String toString() {
		return "StreamingSession[" + this.id + ", refused: " + this.error + "]";
	}

}
