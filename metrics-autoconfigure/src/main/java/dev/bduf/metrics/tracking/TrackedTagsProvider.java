package dev.bduf.metrics.tracking;

import java.lang.reflect.Method;

import io.micrometer.core.instrument.Tag;

/**
 * Further tags for the meters of a tracked method. It is asked once per method and
 * target class (the tags are cached, not computed per call); an exception it throws is
 * counted and logged, and the method is tracked without its tags.
 */
@FunctionalInterface
public interface TrackedTagsProvider {

	/**
	 * Tags for a tracked method.
	 * @param targetClass the class of the tracked object
	 * @param method the tracked method
	 * @return further tags
	 */
	Iterable<Tag> tags(Class<?> targetClass, Method method);

}
