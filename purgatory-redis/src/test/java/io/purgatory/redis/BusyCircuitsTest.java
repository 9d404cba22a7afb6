package io.purgatory.redis;

import static io.purgatory.redis.RedisCircuitStoreTest.NO_REFRESH;
import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The list of circuits the store's thread looks at every refresh: each listed once, however often its
 * callers list it, and taken at most once per refresh.
 */
@WithRedisServer
class BusyCircuitsTest {

    private final RedisServer redis;
    private Instances instances;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    BusyCircuitsTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void freshServer() {
        redis.flushAll();
        instances = new Instances(redis);
    }

    @AfterEach
    void close() throws Exception {
        threads.shutdownNow();
        instances.close();
    }

    /** A circuit of a store whose own thread never refreshes, taken off that store's list: the test's alone. */
    private RedisCircuit circuit(String name) {
        Instance a = instances.instance(NO_REFRESH, CircuitBreakerConfig.builder().build());
        RedisCircuit circuit = a.circuit(name);
        a.store.busy().takeAll(); // a circuit is listed from its attachment until its shared state was read
        return circuit;
    }

    @Test
    void aCircuitListedManyTimesIsTakenOnce() {
        RedisCircuit circuit = circuit("listed");
        BusyCircuits busy = new BusyCircuits();
        for (int i = 0; i < 1_000; i++) {
            busy.add(circuit);
        }

        assertThat(busy.takeAll()).containsExactly(circuit);
        assertThat(busy.takeAll()).isEmpty();
        busy.add(circuit); // taken: it can be listed again
        assertThat(busy.takeAll()).containsExactly(circuit);
    }

    @Test
    void aCircuitWhoseCallersListItWithoutPauseIsTakenAtMostOncePerRefresh() throws Exception {
        RedisCircuit circuit = circuit("hot");
        BusyCircuits busy = new BusyCircuits();
        AtomicBoolean calling = new AtomicBoolean(true);
        Future<?> caller = threads.submit(() -> {
            while (calling.get()) {
                busy.add(circuit); // what every call of a windowed circuit does
            }
        });
        try {
            int taken = 0;
            for (int refresh = 0; refresh < 20_000; refresh++) {
                List<RedisCircuit> listed = busy.takeAll();
                assertThat(listed).as("refresh %d", refresh).hasSizeLessThanOrEqualTo(1);
                taken += listed.size();
            }
            assertThat(taken).as("refreshes that found the circuit listed").isPositive();
        } finally {
            calling.set(false);
            caller.get(10, TimeUnit.SECONDS);
        }
    }
}
