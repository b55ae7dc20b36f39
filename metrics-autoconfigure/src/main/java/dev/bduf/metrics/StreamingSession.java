package dev.bduf.metrics;

import java.util.concurrent.Flow;

import org.jspecify.annotations.Nullable;

/**
 * A live stream of the updates a {@link StreamingConfig} asks for, opened by
 * {@link MetricsCollector#startStreaming}. Its {@link #updates() publisher} accepts one
 * subscriber and honours its demand. Updates wait in a bounded queue: a subscriber that
 * falls behind loses the oldest ones, and the next {@link StreamingUpdate.Snapshot} says
 * how many in {@link StreamingUpdate.Snapshot#dropped() dropped}. It never slows the
 * application or other streams. Closing the session (or cancelling the subscription)
 * completes the subscriber and frees its resources.
 */
public interface StreamingSession extends AutoCloseable {

	/**
	 * The session's id, for {@link MetricsCollector#stopStreaming(String)}.
	 * @return the id
	 */
	String id();

	/**
	 * The configuration the session was opened with.
	 * @return the configuration
	 */
	StreamingConfig config();

	/**
	 * Why the session could not be opened (a bad configuration, too many subscribers,
	 * streaming turned off). Its publisher then signals {@code onError} with this
	 * message to whoever subscribes.
	 * @return the problem, or {@code null} for an open session
	 */
	@Nullable String error();

	/**
	 * The updates: {@link StreamingUpdate.Snapshot snapshots} once per interval and
	 * {@link StreamingUpdate.Alert alert} changes as they happen.
	 * @return the publisher
	 */
	Flow.Publisher<StreamingUpdate> updates();

	/**
	 * Whether the session is still open.
	 * @return {@code true} until closed, cancelled or refused
	 */
	boolean isOpen();

	/**
	 * Close the session: its subscriber is completed and its queue freed. Closing twice
	 * does nothing.
	 */
	@Override
	void close();

	/**
	 * A session that could not be opened: its publisher signals {@code onError} with an
	 * {@link IllegalArgumentException} carrying the problem to each subscriber.
	 * @param id the session's id
	 * @param config the configuration asked for ({@code null} for the default)
	 * @param error the problem
	 * @return a closed session
	 */
	static StreamingSession failed(String id, @Nullable StreamingConfig config, String error) {
		return new FailedStreamingSession(id, (config != null) ? config : StreamingConfig.of(), error);
	}

}
