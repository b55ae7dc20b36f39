/**
 * The BDUF orchestrator: a sample application that plans projects, analyses them and
 * reviews their designs, recording what it does through the BDUF Metrics starter's
 * public API only, with a built-in load generator.
 */
@NullMarked
package dev.bduf.sample;

import org.jspecify.annotations.NullMarked;
