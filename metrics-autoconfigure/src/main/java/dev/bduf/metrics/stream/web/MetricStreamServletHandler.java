package dev.bduf.metrics.stream.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bduf.metrics.StreamingConfig;
import dev.bduf.metrics.StreamingUpdate;
import dev.bduf.metrics.stream.StreamHub;
import dev.bduf.metrics.stream.StreamJson;
import dev.bduf.metrics.stream.StreamSubscription;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The {@code metricstream} Server-Sent Events on Spring MVC. Each stream is written by a
 * thread of its own that takes updates from the subscriber's queue: a client that stops
 * reading blocks only that thread (its queue drops its oldest updates meanwhile), never
 * the hub or another client. A failed write (the client went away) closes the
 * subscription, as does the end of the request; an idle stream sends a heartbeat comment
 * every {@code bduf.metrics.stream.heartbeat}, which also finds clients that left.
 */
public final class MetricStreamServletHandler implements HandlerFunction<ServerResponse> {

	private static final Log logger = LogFactory.getLog(MetricStreamServletHandler.class);

	private static final AtomicInteger threads = new AtomicInteger();

	private final StreamHub hub;

	/**
	 * A handler over a hub.
	 * @param hub the hub
	 */
	public MetricStreamServletHandler(StreamHub hub) {
		this.hub = hub;
	}

	/**
	 * A router that sends {@code GET path} here.
	 * @param path the endpoint's path (for example {@code /actuator/metricstream}), or
	 * {@code null} when the endpoint is not mapped
	 * @return the router function
	 */
	public RouterFunction<ServerResponse> routes(@Nullable String path) {
		return (request) -> (path != null && HttpMethod.GET.equals(request.method()) && path.equals(request.path()))
				? Optional.of(this) : Optional.empty();
	}

	@Override
	public ServerResponse handle(ServerRequest request) {
		StreamingConfig config;
		Long lastEventId;
		try {
			config = StreamRequest.config(request.params().getOrDefault("name", List.of()),
					request.params().getOrDefault("tag", List.of()), request.param("interval").orElse(null),
					request.param("mode").orElse(null));
			lastEventId = StreamRequest.lastEventId(request.headers().firstHeader("Last-Event-ID"));
		}
		catch (IllegalArgumentException ex) {
			return error(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		StreamSubscription subscription = this.hub.open(config, lastEventId);
		if (subscription.problem() == StreamSubscription.Problem.INVALID) {
			return error(HttpStatus.BAD_REQUEST, subscription.error());
		}
		if (subscription.problem() != StreamSubscription.Problem.NONE) {
			return error(HttpStatus.SERVICE_UNAVAILABLE, subscription.error());
		}
		Duration heartbeat = this.hub.settings().heartbeat();
		try {
			// no async timeout: the stream lasts until the client leaves
			return ServerResponse.sse((sse) -> start(sse, subscription, heartbeat), Duration.ZERO);
		}
		catch (RuntimeException ex) {
			subscription.close();
			throw ex;
		}
	}

	private static ServerResponse error(HttpStatus status, @Nullable String message) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(StreamJson.error(status.value(), (message != null) ? message : status.getReasonPhrase()));
	}

	private static void start(ServerResponse.SseBuilder sse, StreamSubscription subscription, Duration heartbeat) {
		sse.onComplete(subscription::close);
		sse.onTimeout(subscription::close);
		sse.onError((ex) -> subscription.close());
		Thread writer = new Thread(() -> pump(sse, subscription, heartbeat),
				"bduf-metricstream-" + threads.incrementAndGet());
		writer.setDaemon(true);
		try {
			writer.start();
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			subscription.close();
			sse.error(ex);
		}
	}

	static void pump(ServerResponse.SseBuilder sse, StreamSubscription subscription, Duration heartbeat) {
		try {
			// commits the response: the client sees the headers before the first interval
			sse.comment(" heartbeat").send();
			while (subscription.isOpen()) {
				StreamingUpdate update = subscription.poll(heartbeat);
				if (update == null) {
					if (subscription.isOpen()) {
						sse.comment(" heartbeat").send();
					}
					continue;
				}
				sse.id(Long.toString(update.seq()));
				if (update instanceof StreamingUpdate.Alert) {
					sse.event("alert");
				}
				sse.data(StreamJson.write(update));
			}
			sse.complete();
		}
		catch (IOException | RuntimeException ex) {
			// the client went away
			if (logger.isTraceEnabled()) {
				logger.trace("Stream " + subscription.id() + " ended", ex);
			}
			subscription.close();
			try {
				sse.complete();
			}
			catch (RuntimeException ignored) {
				// already completed by the container
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			subscription.close();
		}
	}

}
