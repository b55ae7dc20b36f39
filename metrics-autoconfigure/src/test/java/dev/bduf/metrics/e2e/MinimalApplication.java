package dev.bduf.metrics.e2e;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application as a new user writes it: no configuration of BDUF Metrics at all.
 */
@SpringBootApplication
public class MinimalApplication {

}
