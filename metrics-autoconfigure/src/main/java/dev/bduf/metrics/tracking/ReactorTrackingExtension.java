package dev.bduf.metrics.tracking;

import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Times a Reactor {@link Mono} or {@link Flux} from each subscription to its termination
 * (completion or error). A subscription cancelled before termination is not recorded.
 * Registered only when Reactor is on the classpath.
 */
public final class ReactorTrackingExtension implements TrackingExtension {

	@Override
	public boolean supports(Object result) {
		return result instanceof Mono || result instanceof Flux;
	}

	@Override
	public Object track(Object result, Completion completion) {
		if (result instanceof Mono<?> mono) {
			return Mono.defer(() -> {
				long start = completion.start();
				AtomicBoolean done = new AtomicBoolean();
				return mono.doOnSuccess((value) -> {
					if (done.compareAndSet(false, true)) {
						completion.finish(start, null, value);
					}
				}).doOnError((error) -> {
					if (done.compareAndSet(false, true)) {
						completion.finish(start, error, null);
					}
				});
			});
		}
		Flux<?> flux = (Flux<?>) result;
		return Flux.defer(() -> {
			long start = completion.start();
			return flux.doOnComplete(() -> completion.finish(start, null, null))
				.doOnError((error) -> completion.finish(start, error, null));
		});
	}

}
