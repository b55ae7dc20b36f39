/**
 * What Spring AOT needs to know about the starter: runtime hints for the reflection and
 * resources it uses, and the types that {@code @Tracked} and {@code @BusinessMetric}
 * beans expose to reflection and SpEL. Registered in {@code META-INF/spring/aot.factories};
 * nothing here runs in a regular (non-AOT) application.
 */
@NullMarked
package dev.bduf.metrics.aot;

import org.jspecify.annotations.NullMarked;
