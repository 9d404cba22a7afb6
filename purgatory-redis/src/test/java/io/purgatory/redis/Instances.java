package io.purgatory.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.resource.ClientResources;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.TimeSource;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.CircuitBreakerListener;
import io.purgatory.event.StateChanged;
import io.purgatory.event.TransitionCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Test fixture: several "instances" (each its own store, connection and breaker factory) on one
 * Redis server, closed together. Not thread-safe for creation; the created objects are.
 */
final class Instances implements AutoCloseable {

    /** Short timeouts so that tests run fast; long activity window so nothing goes idle mid-test. */
    static final RedisStoreSettings FAST = new RedisStoreSettings("purgatory-test", Duration.ofMillis(200),
            Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofHours(1),
            Duration.ofMinutes(5), Duration.ofMillis(300));

    /** {@link #FAST}, with active circuits re-read after half a second without news (a lost nudge, a failover). */
    static final RedisStoreSettings FAST_RESYNC = new RedisStoreSettings("purgatory-test", Duration.ofMillis(200),
            Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofHours(1),
            Duration.ofMinutes(5), Duration.ofMillis(300), Duration.ofMillis(500), 3);

    /** Every store of every open fixture, so that a test's helpers can wait until Redis has what was counted. */
    private static final List<RedisCircuitStore> OPEN_STORES = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final RedisServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    Instances(RedisServer server) {
        this.server = server;
    }

    RedisCircuitStore store(RedisStoreSettings settings) {
        return store(settings, null);
    }

    /** A store whose connection uses the given event loops, as it would share the application's; null for its own. */
    RedisCircuitStore store(RedisStoreSettings settings, ClientResources resources) {
        RedisURI uri = RedisURI.create(server.uri());
        BreakerConnection connection = server.isClusterEnabled()
                ? BreakerConnection.cluster(List.of(uri), resources, settings)
                : BreakerConnection.standalone(uri, resources, settings);
        RedisCircuitStore store = new RedisCircuitStore(connection, settings);
        register(store);
        return store;
    }

    /** An instance that connects as another Redis user (an ACL test's restricted user). */
    Instance instance(String user, String password, RedisStoreSettings settings, CircuitBreakerConfig defaults) {
        RedisURI uri = RedisURI.create(server.uri());
        // Not setUsername/setPassword: Lettuce 7 (the Boot 4.1 line) removed them.
        uri.setCredentialsProvider(new StaticCredentialsProvider(user, password.toCharArray()));
        RedisCircuitStore store = new RedisCircuitStore(BreakerConnection.standalone(uri, null, settings), settings);
        register(store);
        return instance(store, defaults, TimeSource.system());
    }

    Instance instance(RedisStoreSettings settings, CircuitBreakerConfig defaults) {
        return instance(settings, defaults, TimeSource.system());
    }

    Instance instance(RedisStoreSettings settings, CircuitBreakerConfig defaults, TimeSource time) {
        return instance(store(settings), defaults, time);
    }

    Instance instance(RedisStoreSettings settings, CircuitBreakerConfig defaults, ClientResources resources) {
        return instance(store(settings, resources), defaults, TimeSource.system());
    }

    private Instance instance(RedisCircuitStore store, CircuitBreakerConfig defaults, TimeSource time) {
        Instance instance = new Instance(store, CircuitBreakerFactory.builder().store(store).defaults(defaults)
                .timeSource(time).build());
        instance.factory.addListener(new CircuitBreakerListener() {
            @Override
            public void onEvent(CircuitBreakerEvent event) {
                // Transitions compared by what happened; their sequence numbers are the core's to test.
                instance.events.add(event instanceof StateChanged changed ? changed.unnumbered() : event);
            }

            @Override
            public boolean receivesCallEvents() {
                return false; // no test reads them, and one per call would swamp the busy-circuit measurements
            }
        });
        return instance;
    }

    private void register(RedisCircuitStore store) {
        OPEN_STORES.add(store);
        closeables.add(0, () -> OPEN_STORES.remove(store));
        closeables.add(0, store);
    }

    /**
     * Waits until every open store has sent what its circuits counted and applied the replies: failures and
     * successes in CLOSED reach Redis with the next flush (at once only when they may trip), and tests that
     * read Redis or another instance right after a call wait for that flush here.
     */
    static void settle() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                .pollInterval(java.time.Duration.ofMillis(2)).untilAsserted(() -> {
                    List<String> unsettled = new ArrayList<>();
                    for (RedisCircuitStore store : OPEN_STORES) {
                        for (RedisCircuit circuit : store.circuits()) {
                            if (!circuit.settled()) {
                                if (circuit.hasNews()) {
                                    circuit.flush();
                                }
                                unsettled.add(store + " " + circuit.name() + (circuit.hasNews() ? " (news)" : " (in flight)"));
                            }
                        }
                    }
                    org.assertj.core.api.Assertions.assertThat(unsettled).as("circuits with counts not yet in Redis")
                            .isEmpty();
                });
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        closeables.clear(); // a test that closes early is closed once
    }

    /** One instance: its store, its factory and every event its breakers published. */
    static final class Instance {
        final RedisCircuitStore store;
        final CircuitBreakerFactory factory;
        final ConcurrentLinkedQueue<CircuitBreakerEvent> events = new ConcurrentLinkedQueue<>();

        Instance(RedisCircuitStore store, CircuitBreakerFactory factory) {
            this.store = store;
            this.factory = factory;
        }

        CircuitBreaker breaker(String name) {
            return factory.getBreaker(name);
        }

        RedisCircuit circuit(String name) {
            factory.getBreaker(name);
            return store.circuit(name);
        }

        long transitions(TransitionCause cause) {
            return events.stream().filter(e -> e instanceof StateChanged changed && changed.cause() == cause).count();
        }

        <T extends CircuitBreakerEvent> List<T> events(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
