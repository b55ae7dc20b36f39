package dev.bduf.sample;

import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * How the sample's API answers failures: a bad parameter is a 400, an injected failure
 * or a full analysis queue a 503, each with a message (RFC 9457 problem details).
 */
@RestControllerAdvice(assignableTypes = { ProjectController.class, LoadController.class })
public class ApiErrors {

	/**
	 * A bad parameter.
	 * @param ex what was wrong
	 * @return 400
	 */
	@ExceptionHandler(IllegalArgumentException.class)
	public ProblemDetail badRequest(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	/**
	 * An injected failure, or more analyses than the pool holds.
	 * @param ex the failure
	 * @return 503
	 */
	@ExceptionHandler({ InjectedFailureException.class, RejectedExecutionException.class })
	public ProblemDetail unavailable(RuntimeException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				(ex instanceof RejectedExecutionException) ? "Too many analyses are waiting; try again later"
						: ex.getMessage());
	}

	/**
	 * An asynchronous call that failed: answered as its cause.
	 * @param ex the wrapper
	 * @return 400 or 503 as the cause, else 500
	 */
	@ExceptionHandler(CompletionException.class)
	public ProblemDetail completion(CompletionException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof IllegalArgumentException bad) {
			return badRequest(bad);
		}
		if (cause instanceof InjectedFailureException || cause instanceof RejectedExecutionException) {
			return unavailable((RuntimeException) cause);
		}
		return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "The request failed");
	}

}
