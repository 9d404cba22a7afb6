package io.purgatory.autoconfigure.dashboard;

import io.purgatory.ManualTimeSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** A web application with Actuator, Prometheus and Purgatory on a fake clock, for the dashboard test. */
@SpringBootConfiguration
// Spring Data Redis is on the test class path for the Redis store; these apps must not reach for a Redis on 6379.
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.redis.RedisReactiveAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.redis.RedisRepositoriesAutoConfiguration" })
class DashboardTestApplication {

    @Bean
    ManualTimeSource manualTimeSource() {
        return new ManualTimeSource();
    }
}
