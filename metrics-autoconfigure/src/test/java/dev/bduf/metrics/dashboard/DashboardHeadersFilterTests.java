package dev.bduf.metrics.dashboard;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DashboardHeadersFilter} as a plain object.
 */
class DashboardHeadersFilterTests {

	@Test
	void addsThePolicyToThePageAndItsFiles() throws Exception {
		DashboardHeadersFilter filter = new DashboardHeadersFilter("/actuator/dashboard");
		assertThat(headers(filter, "", "/actuator/dashboard")).isTrue();
		assertThat(headers(filter, "", "/actuator/dashboard/dashboard.js")).isTrue();
		assertThat(headers(filter, "", "/actuator/dashboards")).isFalse();
		assertThat(headers(filter, "", "/actuator/health")).isFalse();
		assertThat(headers(filter, "", "/")).isFalse();
	}

	@Test
	void pathIsBelowTheContextPath() throws Exception {
		DashboardHeadersFilter filter = new DashboardHeadersFilter("/manage/dashboard/");
		assertThat(headers(filter, "/shop", "/shop/manage/dashboard")).isTrue();
		assertThat(headers(filter, "/shop", "/shop/manage/dashboard/chart.umd.js")).isTrue();
		assertThat(headers(filter, "/shop", "/manage/dashboard")).isTrue();
		assertThat(headers(filter, "/shop", "/shop/actuator/dashboard")).isFalse();
	}

	@Test
	void policyForbidsInlineScriptAndForeignOrigins() {
		assertThat(DashboardHeadersFilter.CONTENT_SECURITY_POLICY).contains("default-src 'self'", "script-src 'self';",
				"object-src 'none'", "base-uri 'none'")
			.doesNotContain("unsafe-inline", "unsafe-eval", "*", "http:", "https:");
	}

	private static boolean headers(DashboardHeadersFilter filter, String contextPath, String uri) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setContextPath(contextPath);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, response, chain);
		assertThat(chain.getRequest()).as("the chain goes on").isSameAs(request);
		boolean policy = response.getHeader("Content-Security-Policy") != null;
		assertThat(response.getHeader("X-Content-Type-Options") != null).isEqualTo(policy);
		return policy;
	}

}
