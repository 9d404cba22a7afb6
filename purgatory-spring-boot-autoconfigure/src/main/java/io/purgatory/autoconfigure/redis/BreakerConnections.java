package io.purgatory.autoconfigure.redis;

import io.purgatory.redis.BreakerConnection;
import io.purgatory.redis.RedisStoreSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.resource.ClientResources;
import java.util.List;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConverters;

/**
 * Builds the breaker's own {@link BreakerConnection} from the application's
 * {@link LettuceConnectionFactory}: same servers, credentials, database, TLS and event loops, but
 * the store's short timeouts. Stateless.
 */
final class BreakerConnections {

    private BreakerConnections() {
    }

    /**
     * Derives a connection from the application's factory.
     *
     * @param factory the application's factory (standalone, socket, Sentinel or Cluster)
     * @param settings the store's settings
     * @return a new, unconnected connection
     */
    static BreakerConnection from(LettuceConnectionFactory factory, RedisStoreSettings settings) {
        LettuceClientConfiguration client = factory.getClientConfiguration();
        ClientResources resources = client.getClientResources().orElse(null);
        // Boot puts an SSL bundle's trust and key material here (spring.data.redis.ssl.bundle).
        SslOptions ssl = client.getClientOptions().map(ClientOptions::getSslOptions).orElse(null);
        if (factory.isClusterAware()) {
            RedisClusterConfiguration cluster = factory.getClusterConfiguration();
            List<RedisURI> seeds = cluster.getClusterNodes().stream()
                    .map(node -> uri(node, cluster.getUsername(), cluster.getPassword(), client))
                    .toList();
            return BreakerConnection.cluster(seeds, resources, ssl, settings);
        }
        RedisURI uri;
        if (factory.isRedisSentinelAware()) {
            RedisSentinelConfiguration sentinel = factory.getSentinelConfiguration();
            uri = LettuceConverters.sentinelConfigurationToRedisURI(sentinel);
            uri.setSsl(client.isUseSsl());
        } else if (factory.getSocketConfiguration() != null) {
            RedisSocketConfiguration socket = factory.getSocketConfiguration();
            uri = RedisURI.Builder.socket(socket.getSocket()).withDatabase(socket.getDatabase()).build();
            credentials(uri, socket.getUsername(), socket.getPassword());
        } else {
            RedisStandaloneConfiguration standalone = factory.getStandaloneConfiguration();
            uri = uri(new RedisNode(standalone.getHostName(), standalone.getPort()), standalone.getUsername(),
                    standalone.getPassword(), client);
            uri.setDatabase(standalone.getDatabase());
        }
        client.getClientName().ifPresent(uri::setClientName);
        return BreakerConnection.standalone(uri, resources, ssl, settings);
    }

    private static RedisURI uri(RedisNode node, String username, RedisPassword password,
            LettuceClientConfiguration client) {
        RedisURI uri = RedisURI.Builder.redis(node.getHost(), node.getPort()).withSsl(client.isUseSsl())
                .withVerifyPeer(client.getVerifyMode()).withStartTls(client.isStartTls()).build();
        credentials(uri, username, password);
        client.getClientName().ifPresent(uri::setClientName);
        return uri;
    }

    private static void credentials(RedisURI uri, String username, RedisPassword password) {
        // A credentials provider, not setUsername/setPassword: Lettuce 7 (Boot 4.1) removed those, Lettuce 6
        // (Boot 3.5, 4.0) has no setAuthentication; both have this.
        password.toOptional().ifPresent(secret -> uri.setCredentialsProvider(new StaticCredentialsProvider(username, secret)));
    }
}
