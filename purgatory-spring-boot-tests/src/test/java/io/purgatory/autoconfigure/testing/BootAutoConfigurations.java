package io.purgatory.autoconfigure.testing;

import java.util.Arrays;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.util.ClassUtils;

/**
 * Boot's own auto-configurations for context-runner tests, found by name on the Boot line under test:
 * Boot 4 moved them into one module per technology, under new package names. Stateless.
 */
public final class BootAutoConfigurations {

    private BootAutoConfigurations() {
    }

    /**
     * Returns the meter registry auto-configurations (metrics, the simple registry, the composite).
     *
     * @return the auto-configurations of this line
     */
    public static AutoConfigurations metrics() {
        return of("org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
                "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration");
    }

    /**
     * Returns the Redis auto-configuration (Spring Data Redis with Lettuce).
     *
     * @return the auto-configuration of this line
     */
    public static AutoConfigurations redis() {
        return of("org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
                "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration");
    }

    /**
     * Returns the auto-configurations among the given names that exist on this line; fails when none does.
     *
     * @param names fully qualified class names, of any line
     * @return those present
     */
    public static AutoConfigurations of(String... names) {
        Class<?>[] present = Arrays.stream(names)
                .filter(name -> ClassUtils.isPresent(name, BootAutoConfigurations.class.getClassLoader()))
                .map(name -> ClassUtils.resolveClassName(name, BootAutoConfigurations.class.getClassLoader()))
                .toArray(Class<?>[]::new);
        if (present.length == 0) {
            throw new IllegalStateException("None of " + Arrays.toString(names) + " is on this Boot line");
        }
        return AutoConfigurations.of(present);
    }
}
