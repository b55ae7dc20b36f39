package dev.bduf.metrics.dashboard;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Adds the dashboard's security headers to the responses of the dashboard's paths (the
 * page and its files): a {@code Content-Security-Policy} that lets the page load scripts,
 * styles, images and data only from its own origin and forbids inline script, plugins,
 * framing by other sites and a changed base URL; and {@code X-Content-Type-Options:
 * nosniff}. Actuator endpoint responses cannot carry headers of their own, so this
 * servlet filter, registered in the management context, does it.
 */
public final class DashboardHeadersFilter implements Filter {

	/** The policy: everything from the page's own origin, no inline script. */
	public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
			+ "base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

	private final String path;

	/**
	 * A filter for the dashboard at a path.
	 * @param path the dashboard's path below the context path, such as
	 * {@code /actuator/dashboard}
	 */
	public DashboardHeadersFilter(String path) {
		this.path = normalize(path);
	}

	static String normalize(String path) {
		return (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
	}

	/**
	 * Whether a request path is the dashboard's page or one of its files.
	 * @param dashboard the dashboard's path, normalized
	 * @param within the request's path below the context path
	 * @return whether the dashboard's headers apply
	 */
	static boolean matches(String dashboard, String within) {
		return within.equals(dashboard) || within.startsWith(dashboard + "/");
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse
				&& isDashboard(http)) {
			httpResponse.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
			httpResponse.setHeader("X-Content-Type-Options", "nosniff");
		}
		chain.doFilter(request, response);
	}

	private boolean isDashboard(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		String within = (contextPath != null && uri.startsWith(contextPath)) ? uri.substring(contextPath.length())
				: uri;
		return matches(this.path, within);
	}

}
