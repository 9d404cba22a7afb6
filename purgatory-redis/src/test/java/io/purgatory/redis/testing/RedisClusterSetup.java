package io.purgatory.redis.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Redis Cluster of three masters and three replicas, each a private {@code redis-server} on a free
 * loopback port, joined with plain {@code CLUSTER} commands (so any binary works, with or without
 * {@code redis-cli}) and a 2 s node timeout, so that a test can fail a master over or kill it. Not
 * thread-safe: one test class owns it.
 */
public final class RedisClusterSetup implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int SLOTS = 16384;
    private static final int MASTERS = 3;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final List<Node> nodes = new ArrayList<>();

    private record Node(int port, RedisProcess process) {
    }

    private RedisClusterSetup(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts six nodes, gives each master a third of the slots and each a replica, and waits until every
     * node reports {@code cluster_state:ok} and every replica is in sync.
     *
     * @return the running cluster
     */
    public static RedisClusterSetup start() {
        RedisBinary binary = RedisBinary.resolve();
        RedisClusterSetup setup = new RedisClusterSetup(ScratchDirectory.create(null, "purgatory-redis-cluster-"));
        try {
            setup.launch(binary);
        } catch (RuntimeException ex) {
            setup.close();
            throw ex;
        }
        return setup;
    }

    private void launch(RedisBinary binary) {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < 2 * MASTERS) {
            int port = LoopbackPort.pick(true);
            if (ports.stream().noneMatch(p -> Math.abs(p - port) == LoopbackPort.CLUSTER_BUS_OFFSET || p == port)) {
                ports.add(port);
            }
        }
        for (int port : ports) {
            RedisProcess process = RedisProcess.launch(binary, LOOPBACK, port,
                    ScratchDirectory.create(dir, Integer.toString(port)), true,
                    List.of("--cluster-node-timeout", "2000"));
            nodes.add(new Node(port, process));
            RespClient resp = new RespClient(LOOPBACK, port);
            Polling.until(STARTUP_TIMEOUT, () -> resp.ping(Duration.ofMillis(500)), "PING on " + port,
                    process::logTail);
        }
        for (Node node : nodes.subList(1, nodes.size())) {
            command(ports.get(0), "CLUSTER", "MEET", LOOPBACK, Integer.toString(node.port()));
        }
        for (int m = 0; m < MASTERS; m++) {
            addSlots(ports.get(m), m * SLOTS / MASTERS, (m + 1) * SLOTS / MASTERS);
        }
        for (Node node : nodes) {
            Polling.until(STARTUP_TIMEOUT, () -> "6".equals(clusterInfo(node.port()).get("cluster_known_nodes")),
                    "node " + node.port() + " knows all six", node.process()::logTail);
        }
        for (int r = 0; r < MASTERS; r++) {
            String masterId = (String) command(ports.get(r), "CLUSTER", "MYID");
            int replica = ports.get(MASTERS + r);
            Polling.until(STARTUP_TIMEOUT, () -> {
                try {
                    command(replica, "CLUSTER", "REPLICATE", masterId);
                    return true;
                } catch (RedisReplyException notYetKnown) {
                    return false; // the master's node id has not reached the replica by gossip yet
                }
            }, "node " + replica + " replicating " + masterId, () -> "");
        }
        for (Node node : nodes) {
            Polling.until(STARTUP_TIMEOUT, () -> "ok".equals(clusterInfo(node.port()).get("cluster_state")),
                    "cluster_state:ok on " + node.port(), node.process()::logTail);
        }
        for (int r = 0; r < MASTERS; r++) {
            int replica = ports.get(MASTERS + r);
            Polling.until(STARTUP_TIMEOUT, () -> "up".equals(info(replica, "replication").get("master_link_status")),
                    "replica " + replica + " in sync", () -> "");
        }
        System.out.printf("[redis-harness] redis-server %s (%s) cluster of 3 masters + 3 replicas on %s%n",
                info(ports.get(0), "server").get("redis_version"), binary.origin(), ports);
    }

    /** The loopback address of every node. */
    public String host() {
        return LOOPBACK;
    }

    /** Every node's port ({@code spring.data.redis.cluster.nodes}). */
    public List<Integer> ports() {
        return nodes.stream().map(Node::port).toList();
    }

    /**
     * Returns the port of the node that serves a slot as master now, as that node itself sees it.
     *
     * @param slot a hash slot
     * @return the master's port
     */
    public int masterOf(int slot) {
        for (Node node : nodes) {
            if (node.process().isAlive() && "master".equals(info(node.port(), "replication").get("role"))) {
                for (Object range : (List<?>) command(node.port(), "CLUSTER", "SLOTS")) {
                    List<?> fields = (List<?>) range;
                    int from = ((Long) fields.get(0)).intValue();
                    int to = ((Long) fields.get(1)).intValue();
                    int port = ((Long) ((List<?>) fields.get(2)).get(1)).intValue();
                    if (slot >= from && slot <= to && port == node.port()) {
                        return port;
                    }
                }
            }
        }
        throw new IllegalStateException("no live master serves slot " + slot);
    }

    /**
     * Returns the port of a master's replica.
     *
     * @param masterPort a master's port
     * @return the port of the live node that replicates it
     */
    public int replicaOf(int masterPort) {
        for (Node node : nodes) {
            if (node.process().isAlive() && node.port() != masterPort) {
                Map<String, String> replication = info(node.port(), "replication");
                if ("slave".equals(replication.get("role"))
                        && Integer.toString(masterPort).equals(replication.get("master_port"))) {
                    return node.port();
                }
            }
        }
        throw new IllegalStateException("no live replica of " + masterPort);
    }

    /**
     * Fails a master over to its replica, as an operator would ({@code CLUSTER FAILOVER} on the replica),
     * and waits until the replica is master.
     *
     * @param replicaPort the replica to promote
     */
    public void failOverTo(int replicaPort) {
        command(replicaPort, "CLUSTER", "FAILOVER");
        Polling.until(STARTUP_TIMEOUT, () -> "master".equals(info(replicaPort, "replication").get("role")),
                "node " + replicaPort + " promoted", () -> "");
    }

    /**
     * Kills a node without a goodbye (SIGKILL).
     *
     * @param port the node's port
     */
    public void kill(int port) {
        Node node = nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
        node.process().signal("KILL");
        node.process().awaitExitOrKill(Duration.ofSeconds(5));
    }

    /**
     * Runs a command on one node over a fresh connection (no redirection).
     *
     * @param port the node's port
     * @param args the command
     * @return the reply, as {@link RedisServer#command(String...)} returns it
     */
    public Object command(int port, String... args) {
        return new RespClient(LOOPBACK, port).call(Duration.ofSeconds(5), args);
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            if (node.process().isAlive()) {
                node.process().signal("KILL");
            }
            node.process().awaitExitOrKill(Duration.ofSeconds(5));
        }
        ScratchDirectory.delete(dir);
    }

    private void addSlots(int port, int from, int to) {
        String[] args = new String[to - from + 2];
        args[0] = "CLUSTER";
        args[1] = "ADDSLOTS";
        for (int slot = from; slot < to; slot++) {
            args[slot - from + 2] = Integer.toString(slot);
        }
        command(port, args);
    }

    private Map<String, String> clusterInfo(int port) {
        return InfoReply.fields((String) command(port, "CLUSTER", "INFO"));
    }

    private Map<String, String> info(int port, String section) {
        return InfoReply.fields((String) command(port, "INFO", section));
    }
}
