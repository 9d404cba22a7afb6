package io.purgatory.sample;

import io.purgatory.TimeSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample application started as {@code java -jar} starts it, on a free port, with its own
 * {@code application.yml}. Not thread-safe; close it when done.
 *
 * <p>The tests start it with {@link SpringApplicationBuilder} rather than {@code @SpringBootTest}: that
 * works the same on every Spring Boot line (the test framework's metrics-export switch and its web test
 * support moved in Boot 4), and in AOT mode ({@code -Dspring.aot.enabled=true}) it starts from the
 * initializer that {@code spring-boot:process-aot} generated for {@link SampleApplication}, as the jar
 * would. A replacement clock is registered as a ready-made singleton, not as a bean definition, so
 * AOT mode, whose bean definitions are fixed at build time, sees it too: the auto-configuration asks
 * for a {@link TimeSource} when the factory is created.
 */
final class RunningSample implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningSample(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the sample on the system clock. */
    static RunningSample start() {
        return start(null);
    }

    /**
     * Starts the sample with {@code clock} as its breakers' time source.
     *
     * @param clock the time source, or {@code null} for the system clock
     * @return the started sample
     */
    static RunningSample start(TimeSource clock) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(SampleApplication.class)
                .main(SampleApplication.class) // AOT mode looks up the generated initializer by the main class
                .properties("server.port=0");
        if (clock != null) {
            builder.initializers(context -> context.getBeanFactory().registerSingleton("sampleTestClock", clock));
        }
        return new RunningSample(builder.run());
    }

    /**
     * Starts the sample on the system clock with command-line arguments, as {@code java -jar app.jar args} does.
     *
     * @param args the arguments, for example {@code --spring.profiles.active=redis}
     * @return the started sample
     */
    static RunningSample startWithArgs(String... args) {
        return new RunningSample(new SpringApplicationBuilder(SampleApplication.class)
                .main(SampleApplication.class)
                .run(args));
    }

    /** The port the sample's web server listens on. */
    int port() {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
