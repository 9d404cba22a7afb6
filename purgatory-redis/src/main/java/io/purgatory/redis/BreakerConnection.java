package io.purgatory.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The breaker's own Lettuce connections to Redis (standalone, Sentinel or Cluster): one for scripts,
 * one for the pub/sub nudges. Thread-safe: connecting and closing are synchronized, the command
 * interface is published through a volatile field.
 *
 * <p>Separate from the application's connection on purpose: it has a short command timeout and
 * rejects commands while disconnected instead of buffering them, so a caller never waits for
 * Redis longer than the breaker's command timeout. It only connects from the store's own thread
 * (or once at start-up), never on a caller's thread.
 */
public final class BreakerConnection implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisCircuitStore.class.getName());
    private static final Duration ADAPTIVE_REFRESH_PAUSE = Duration.ofSeconds(1);
    private static final Duration PERIODIC_TOPOLOGY_REFRESH = Duration.ofSeconds(30);

    private final AbstractRedisClient client;
    private final Duration commandTimeout;
    private final boolean sharedResources;
    private volatile StatefulConnection<String, String> connection;
    private volatile RedisClusterAsyncCommands<String, String> scripting;
    private StatefulRedisPubSubConnection<String, String> pubSub;
    private boolean channelRefused; // the user may not subscribe: said once, not asked again

    private BreakerConnection(AbstractRedisClient client, Duration commandTimeout, boolean sharedResources) {
        this.client = client;
        this.commandTimeout = commandTimeout;
        this.sharedResources = sharedResources;
    }

    /**
     * Creates an unconnected standalone (or Sentinel) client.
     *
     * @param uri the server, with credentials and database; its timeout is replaced
     * @param resources event loops to share, or {@code null} for the client's own
     * @param settings the store's timeouts
     * @return the connection holder
     */
    public static BreakerConnection standalone(RedisURI uri, ClientResources resources, RedisStoreSettings settings) {
        return standalone(uri, resources, null, settings);
    }

    /**
     * Creates an unconnected standalone (or Sentinel) client that trusts what the given TLS options say.
     *
     * @param uri the server, with credentials and database; its timeout is replaced
     * @param resources event loops to share, or {@code null} for the client's own
     * @param ssl trust and key material for TLS (an application's SSL bundle), or {@code null} for the JDK's defaults
     * @param settings the store's timeouts
     * @return the connection holder
     */
    public static BreakerConnection standalone(RedisURI uri, ClientResources resources, SslOptions ssl,
            RedisStoreSettings settings) {
        uri.setTimeout(settings.commandTimeout());
        RedisClient client = resources != null ? RedisClient.create(resources, uri) : RedisClient.create(uri);
        ClientOptions.Builder options = ClientOptions.builder()
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                // At most once: Lettuce's own reconnect re-sends the commands in flight when the connection
                // dropped, which would apply a script whose caller already decided locally a second time.
                // The store replaces a lost connection itself (connect()).
                .autoReconnect(false)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build());
        if (ssl != null) {
            options.sslOptions(ssl);
        }
        client.setOptions(options.build());
        return new BreakerConnection(client, settings.commandTimeout(), resources != null);
    }

    /**
     * Creates an unconnected Redis Cluster client.
     *
     * @param seeds the cluster's seed nodes, with credentials; their timeouts are replaced
     * @param resources event loops to share, or {@code null} for the client's own
     * @param settings the store's timeouts
     * @return the connection holder
     */
    public static BreakerConnection cluster(List<RedisURI> seeds, ClientResources resources, RedisStoreSettings settings) {
        return cluster(seeds, resources, null, settings);
    }

    /**
     * Creates an unconnected Redis Cluster client that trusts what the given TLS options say.
     *
     * @param seeds the cluster's seed nodes, with credentials; their timeouts are replaced
     * @param resources event loops to share, or {@code null} for the client's own
     * @param ssl trust and key material for TLS (an application's SSL bundle), or {@code null} for the JDK's defaults
     * @param settings the store's timeouts
     * @return the connection holder
     */
    public static BreakerConnection cluster(List<RedisURI> seeds, ClientResources resources, SslOptions ssl,
            RedisStoreSettings settings) {
        seeds.forEach(seed -> seed.setTimeout(settings.commandTimeout()));
        RedisClusterClient client = resources != null
                ? RedisClusterClient.create(resources, seeds) : RedisClusterClient.create(seeds);
        ClusterClientOptions.Builder options = ClusterClientOptions.builder()
                // Follow failovers and resharding at once (MOVED, ASK, reconnects, unknown nodes), and
                // re-read the topology now and then in case no command of ours ran into the change.
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_PAUSE)
                        .enablePeriodicRefresh(PERIODIC_TOPOLOGY_REFRESH)
                        .build())
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                // Lettuce's reconnection stays on here: its adaptive topology refresh is triggered by reconnect
                // attempts, and without them a killed master's replica was found only by the 30 s periodic
                // refresh. Commands in flight when a node connection drops may therefore be re-sent.
                .autoReconnect(true)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build());
        if (ssl != null) {
            options.sslOptions(ssl);
        }
        client.setOptions(options.build());
        return new BreakerConnection(client, settings.commandTimeout(), resources != null);
    }

    /**
     * Returns the asynchronous script commands of the current connection.
     *
     * @return the commands
     * @throws RedisConnectionException when not connected (yet, or any more)
     */
    RedisClusterAsyncCommands<String, String> scripting() {
        RedisClusterAsyncCommands<String, String> commands = scripting;
        if (commands == null) {
            throw new RedisConnectionException("Purgatory's Redis connection is not established");
        }
        return commands;
    }

    /**
     * Whether the nudge subscription is up, or was refused for good (an ACL without the channel).
     *
     * @return {@code false} when the subscription was lost and {@link #connect} should restore it
     */
    synchronized boolean isSubscribed() {
        return channelRefused || pubSub != null && pubSub.isOpen();
    }

    /**
     * Whether Redis refused the nudge subscription (an ACL without the channel), so changes must be polled.
     *
     * @return {@code true} once refused
     */
    synchronized boolean isChannelRefused() {
        return channelRefused;
    }

    /**
     * Whether the script connection exists and is open now.
     *
     * @return {@code true} when connected
     */
    boolean isConnected() {
        StatefulConnection<String, String> current = connection;
        return current != null && current.isOpen();
    }

    /**
     * Connects if not connected, replacing a connection that is not open, and subscribes to the nudge
     * channel; blocks at most about the connect timeout plus the command timeout.
     *
     * <p>Lettuce would reconnect a lost connection by itself, but on its own back-off (up to 30 s by
     * default, or whatever the application's {@link ClientResources} say); replacing it lets the
     * store's retry interval decide how soon Redis is used again.
     *
     * @param channel the nudge channel
     * @param listener receives nudges
     * @throws RuntimeException when Redis cannot be reached
     */
    synchronized void connect(String channel, RedisPubSubListener<String, String> listener) {
        if (connection != null && !connection.isOpen()) {
            scripting = null;
            connection.closeAsync(); // also ends Lettuce's reconnection attempts
            connection = null;
        }
        if (pubSub != null && !pubSub.isOpen()) {
            pubSub.closeAsync();
            pubSub = null;
        }
        if (connection == null) {
            StatefulConnection<String, String> created;
            if (client instanceof RedisClusterClient cluster) {
                var clusterConnection = cluster.connect(StringCodec.UTF8);
                created = clusterConnection;
                scripting = clusterConnection.async();
            } else {
                var standalone = ((RedisClient) client).connect(StringCodec.UTF8);
                created = standalone;
                scripting = standalone.async();
            }
            connection = created;
        }
        if (pubSub == null && !channelRefused) {
            StatefulRedisPubSubConnection<String, String> subscriber = client instanceof RedisClusterClient cluster
                    ? cluster.connectPubSub(StringCodec.UTF8) : ((RedisClient) client).connectPubSub(StringCodec.UTF8);
            subscriber.addListener(listener);
            try {
                // Lettuce re-subscribes by itself after a reconnect.
                subscriber.async().subscribe(channel).get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception ex) {
                subscriber.closeAsync();
                if (ex instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (isPermissionRefusal(ex)) {
                    // An ACL without the channel: sharing still works, only slower to spread (the refresh poll).
                    channelRefused = true;
                    LOG.log(System.Logger.Level.WARNING, "The Redis user may not subscribe to " + channel + " ("
                            + ex.getCause().getMessage() + "): other instances' changes arrive by polling, within two "
                            + "refresh intervals, instead of within milliseconds; grant the channel (ACL &" + channel
                            + ") to restore");
                    return;
                }
                throw new RedisConnectionException("Could not subscribe to " + channel, ex);
            }
            pubSub = subscriber;
        }
    }

    private static boolean isPermissionRefusal(Exception failure) {
        Throwable cause = failure.getCause();
        return cause != null && cause.getMessage() != null && cause.getMessage().startsWith("NOPERM");
    }

    @Override
    public synchronized void close() {
        scripting = null;
        if (pubSub != null) {
            pubSub.close();
        }
        if (connection != null) {
            connection.close();
        }
        // Shared event loops belong to the application; the client only releases its own.
        client.shutdown(Duration.ZERO, sharedResources ? Duration.ofSeconds(1) : Duration.ofSeconds(2));
    }
}
