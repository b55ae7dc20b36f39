package dev.bduf.metrics.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Live streams: {@code MetricsCollector.startStreaming} and the {@code metricstream}
 * endpoint.
 */
@ConfigurationProperties("bduf.metrics.stream")
public class StreamProperties {

	/**
	 * Whether live streams are enabled. When off, startStreaming answers a session that
	 * says so and the metricstream endpoint is absent.
	 */
	private boolean enabled = true;

	/**
	 * Shortest interval between two updates of a stream; a stream that asks for less gets
	 * this. Each distinct interval that streams ask for costs one snapshot of the
	 * registry per interval, on one background thread, only while someone listens.
	 */
	private Duration minInterval = Duration.ofSeconds(1);

	/**
	 * Updates each subscriber's queue holds. A subscriber that falls further behind
	 * loses its oldest updates, and the next update it gets says how many.
	 */
	private int queueSize = 64;

	/**
	 * Most streams open at once (SSE clients and Java API sessions together). The
	 * endpoint answers 503 beyond it.
	 */
	private int maxSubscribers = 100;

	/**
	 * How often an idle SSE stream sends a comment, so that proxies keep it open and a
	 * client that left is noticed.
	 */
	private Duration heartbeat = Duration.ofSeconds(15);

	/**
	 * Recent updates kept so that a client that reconnects with Last-Event-ID gets what
	 * it missed. 0 turns resuming off.
	 */
	private int replaySize = 64;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getMinInterval() {
		return this.minInterval;
	}

	public void setMinInterval(Duration minInterval) {
		this.minInterval = minInterval;
	}

	public int getQueueSize() {
		return this.queueSize;
	}

	public void setQueueSize(int queueSize) {
		this.queueSize = queueSize;
	}

	public int getMaxSubscribers() {
		return this.maxSubscribers;
	}

	public void setMaxSubscribers(int maxSubscribers) {
		this.maxSubscribers = maxSubscribers;
	}

	public Duration getHeartbeat() {
		return this.heartbeat;
	}

	public void setHeartbeat(Duration heartbeat) {
		this.heartbeat = heartbeat;
	}

	public int getReplaySize() {
		return this.replaySize;
	}

	public void setReplaySize(int replaySize) {
		this.replaySize = replaySize;
	}

}
