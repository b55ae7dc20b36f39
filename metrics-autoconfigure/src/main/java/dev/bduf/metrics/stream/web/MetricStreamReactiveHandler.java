package dev.bduf.metrics.stream.web;

import java.time.Duration;

import dev.bduf.metrics.StreamingConfig;
import dev.bduf.metrics.StreamingUpdate;
import dev.bduf.metrics.stream.StreamHub;
import dev.bduf.metrics.stream.StreamJson;
import dev.bduf.metrics.stream.StreamSubscription;
import org.jspecify.annotations.Nullable;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The {@code metricstream} Server-Sent Events on WebFlux: the subscriber's
 * {@link StreamSubscription#updates() publisher}, which honours the demand of the
 * non-blocking write (a client that stops reading stops the demand, and its queue drops
 * its oldest updates), merged with a heartbeat comment every
 * {@code bduf.metrics.stream.heartbeat}. Cancelling the response (the client went away)
 * closes the subscription.
 */
public final class MetricStreamReactiveHandler implements HandlerFunction<ServerResponse> {

	private final StreamHub hub;

	/**
	 * A handler over a hub.
	 * @param hub the hub
	 */
	public MetricStreamReactiveHandler(StreamHub hub) {
		this.hub = hub;
	}

	/**
	 * A router that sends {@code GET path} here.
	 * @param path the endpoint's path, or {@code null} when the endpoint is not mapped
	 * @return the router function
	 */
	public RouterFunction<ServerResponse> routes(@Nullable String path) {
		return (request) -> (path != null && HttpMethod.GET.equals(request.method())
				&& path.equals(request.path())) ? Mono.just(this) : Mono.empty();
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		StreamingConfig config;
		Long lastEventId;
		try {
			config = StreamRequest.config(request.queryParams().getOrDefault("name", java.util.List.of()),
					request.queryParams().getOrDefault("tag", java.util.List.of()),
					request.queryParam("interval").orElse(null), request.queryParam("mode").orElse(null));
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
		Flux<ServerSentEvent<String>> updates = JdkFlowAdapter.flowPublisherToFlux(subscription.updates())
			.map(MetricStreamReactiveHandler::event);
		Flux<ServerSentEvent<String>> heartbeats = Flux.interval(heartbeat, heartbeat)
			.map((tick) -> ServerSentEvent.<String>builder().comment(" heartbeat").build());
		Flux<ServerSentEvent<String>> events = Flux
			.concat(Flux.just(ServerSentEvent.<String>builder().comment(" heartbeat").build()),
					Flux.merge(updates, heartbeats))
			.doFinally((signal) -> subscription.close());
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.body(BodyInserters.fromServerSentEvents(events))
			.doOnError((ex) -> subscription.close())
			.doOnCancel(subscription::close);
	}

	private static ServerSentEvent<String> event(StreamingUpdate update) {
		ServerSentEvent.Builder<String> event = ServerSentEvent.<String>builder()
			.id(Long.toString(update.seq()))
			.data(StreamJson.write(update));
		if (update instanceof StreamingUpdate.Alert) {
			event.event("alert");
		}
		return event.build();
	}

	private static Mono<ServerResponse> error(HttpStatus status, @Nullable String message) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(StreamJson.error(status.value(), (message != null) ? message : status.getReasonPhrase()));
	}

}
