package io.purgatory.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The circuits the store's thread looks at every refresh interval: those with window counts or a trip
 * to send, trial leases to renew, a local mode to leave, or no shared state read yet. Every other
 * circuit waits for the store's scan, which comes a tenth of {@code resync-interval} apart; so the
 * store's thread works for the circuits that have something to do, not for every circuit it knows.
 * Thread-safe: listing a circuit that is listed already costs one volatile read, and a circuit is taken
 * at most once per refresh, however fast its callers list it again.
 */
final class BusyCircuits {

    private final ConcurrentLinkedQueue<RedisCircuit> listed = new ConcurrentLinkedQueue<>();

    /**
     * Lists a circuit for the store's next refresh, unless it is listed already.
     *
     * @param circuit the circuit with something to do
     */
    void add(RedisCircuit circuit) {
        if (circuit.markListed()) {
            listed.add(circuit);
        }
    }

    /**
     * Takes every listed circuit off the list, for the store's thread. A circuit that gets something to do
     * from now on is listed again, for the next refresh.
     *
     * @return the circuits taken, each once
     */
    List<RedisCircuit> takeAll() {
        List<RedisCircuit> taken = new ArrayList<>();
        for (RedisCircuit circuit = listed.poll(); circuit != null; circuit = listed.poll()) {
            taken.add(circuit); // still marked: a busy caller cannot list it again before the list is empty
        }
        for (RedisCircuit circuit : taken) {
            circuit.unmarkListed(); // before the visit: news counted during it lists the circuit for the next refresh
        }
        return taken;
    }
}
