package io.purgatory.autoconfigure.health;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A web application with Actuator and Purgatory, for the health contributor's HTTP test. */
@SpringBootConfiguration
@EnableAutoConfiguration
class HealthTestApplication {
}
