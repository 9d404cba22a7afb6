package io.purgatory.autoconfigure.endpoint;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A web application with Actuator and Purgatory, for the endpoint's HTTP tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
class EndpointTestApplication {
}
