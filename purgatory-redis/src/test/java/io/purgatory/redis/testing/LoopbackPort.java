package io.purgatory.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks TCP ports that are free on 127.0.0.1 right now; stateless and thread-safe.
 */
final class LoopbackPort {

    static final int DEFAULT_REDIS_PORT = 6379;

    /** Redis 6.2 has no cluster-port setting: the cluster bus always listens on port + 10000. */
    static final int CLUSTER_BUS_OFFSET = 10000;

    private LoopbackPort() {
    }

    static int pick(boolean withClusterBus) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = probe(0);
            if (port == DEFAULT_REDIS_PORT) {
                continue;
            }
            if (!withClusterBus) {
                return port;
            }
            int bus = port + CLUSTER_BUS_OFFSET;
            if (bus <= 65535 && isFree(bus)) {
                return port;
            }
        }
        throw new IllegalStateException("No free loopback port found");
    }

    /** The one guard against ever touching a real or shared Redis; -1 (no port in a URL) also means 6379. */
    static int refuseDefault(int port) {
        if (port == -1 || port == DEFAULT_REDIS_PORT) {
            throw new IllegalArgumentException("Refusing port 6379: the harness never talks to a default-port Redis, "
                    + "which may be a real or shared server; use a dedicated test server on another port");
        }
        return port;
    }

    static boolean isFree(int port) {
        try {
            probe(port);
            return true;
        }
        catch (UncheckedIOException ex) {
            return false;
        }
    }

    private static int probe(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
