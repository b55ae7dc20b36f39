package dev.bduf.metrics.stream.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.stream.StreamHub;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code metricstream} endpoint. Its stream,
 * {@code GET /actuator/metricstream?name=<glob>&tag=k:v&interval=1s&mode=deltas|values},
 * is Server-Sent Events, which actuator operations cannot answer: it is served by
 * {@link MetricStreamServletHandler} (Spring MVC) or {@link MetricStreamReactiveHandler}
 * (WebFlux), mapped at this endpoint's path. This class gives the endpoint its id, so
 * that Boot's exposure ({@code management.endpoints.web.exposure.include}), access and
 * path mapping properties apply to the stream as to any endpoint, and it answers
 * {@code GET /actuator/metricstream/sessions}: the open streams.
 */
@Endpoint(id = "metricstream")
public class MetricStreamEndpoint {

	private final StreamHub hub;

	/**
	 * The endpoint over a hub.
	 * @param hub the hub
	 */
	public MetricStreamEndpoint(StreamHub hub) {
		this.hub = hub;
	}

	/**
	 * The hub the stream is served from.
	 * @return the hub
	 */
	public StreamHub hub() {
		return this.hub;
	}

	/**
	 * {@code GET /actuator/metricstream/sessions}: the open streams.
	 * @param part {@code sessions}
	 * @return the open streams, or 404 for another part
	 */
	@ReadOperation
	public WebEndpointResponse<Object> part(@Selector String part) {
		if (!"sessions".equals(part)) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		List<Session> sessions = this.hub.subscriptions()
			.stream()
			.map((subscription) -> new Session(subscription.id(), subscription.config().names(),
					subscription.config().tags(), subscription.interval(),
					subscription.config().mode().name().toLowerCase(java.util.Locale.ROOT), subscription.queued(),
					subscription.delivered(), subscription.dropped()))
			.toList();
		return new WebEndpointResponse<>(new Sessions(this.hub.settings().maxSubscribers(), this.hub.lastSequence(),
				sessions));
	}

	/**
	 * The open streams.
	 *
	 * @param maxSubscribers the cap ({@code bduf.metrics.stream.max-subscribers})
	 * @param lastSequence the last sequence number given out
	 * @param sessions the open streams, oldest first
	 */
	public record Sessions(int maxSubscribers, long lastSequence, List<Session> sessions)
			implements OperationResponseBody {

	}

	/**
	 * One open stream.
	 *
	 * @param id the session's id
	 * @param names its name globs
	 * @param tags its required tags
	 * @param interval its interval
	 * @param mode {@code values} or {@code deltas}
	 * @param queued updates waiting for the client
	 * @param delivered updates taken by the client
	 * @param dropped updates the client lost
	 */
	public record Session(String id, List<String> names, Map<String, String> tags, Duration interval, String mode,
			int queued, long delivered, long dropped) {

	}

}
