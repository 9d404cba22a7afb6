package io.purgatory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WarningLog;
import io.purgatory.redis.testing.WithRedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store under Redis ACLs, as managed Redis services hand them out: a user without pub/sub rights
 * (Redis 7 gives new users none by default) and a user who may not run scripts. Neither may ever cost
 * a caller an error, and each says what is missing once.
 */
@WithRedisServer
class RedisAclTest {

    private static final CircuitBreakerConfig ONE_FAILURE_TRIPS = CircuitBreakerConfig.builder().threshold(1)
            .ttl(Duration.ofHours(1)).build();

    private final RedisServer redis;
    private WarningLog warnings;
    private Instances instances;

    RedisAclTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void setUp() {
        redis.flushAll();
        instances = new Instances(redis);
        warnings = WarningLog.of(RedisCircuitStore.class);
    }

    @AfterEach
    void tearDown() throws Exception {
        instances.close();
        warnings.close();
        redis.command("ACL", "DELUSER", "no-channels", "no-scripts", "breaker");
    }

    @Test
    void aUserWithoutChannelRightsSharesStateByPollingAndSaysSoOnce() {
        redis.command("ACL", "SETUSER", "no-channels", "on", ">secret", "~*", "resetchannels", "+@all");
        Instance a = instances.instance("no-channels", "secret", Instances.FAST, ONE_FAILURE_TRIPS);
        Instance b = instances.instance("no-channels", "secret", Instances.FAST, ONE_FAILURE_TRIPS);
        CircuitBreaker onB = b.breaker("acl");
        onB.run(() -> { });

        fail(a.breaker("acl"));

        assertThat(a.store.isDegraded()).as("A degraded").isFalse();
        // No nudge can arrive: B re-reads the circuits it uses every refresh interval instead.
        await().atMost(Instances.FAST.refreshInterval().multipliedBy(2).plusMillis(500))
                .until(() -> onB.getState() == CircuitState.OPEN);
        assertThatThrownBy(() -> onB.run(() -> { })).isInstanceOf(CircuitOpenException.class);
        assertThat(b.store.isDegraded()).as("B degraded").isFalse();
        assertThat(warnings.messages()).as("one line per store, naming the channel").hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("purgatory-test:events").contains("polling"));
    }

    @Test
    void theAclThatDocsRedisMdRecommendsIsEnough() {
        // docs/redis.md, "ACLs", with this test's key prefix.
        redis.command("ACL", "SETUSER", "breaker", "on", ">secret", "~purgatory-test:*", "resetchannels", "&purgatory-test:*",
                "+@scripting", "+@read", "+@write", "+@pubsub", "+@connection", "+time");
        Instance a = instances.instance("breaker", "secret", Instances.FAST, ONE_FAILURE_TRIPS);
        Instance b = instances.instance("breaker", "secret", Instances.FAST, ONE_FAILURE_TRIPS);
        CircuitBreaker onB = b.breaker("acl");
        onB.run(() -> { });

        fail(a.breaker("acl"));

        await().atMost(Duration.ofSeconds(2)).until(() -> onB.getState() == CircuitState.OPEN);
        assertThat(a.store.isDegraded()).isFalse();
        assertThat(b.store.isDegraded()).isFalse();
        assertThat(warnings.messages()).isEmpty();
    }

    @Test
    void aUserWhoMayNotRunScriptsLeavesBreakersLocalWithOneClearLine() {
        redis.command("ACL", "SETUSER", "no-scripts", "on", ">secret", "~*", "allchannels", "+@all", "-@scripting");
        Instance a = instances.instance("no-scripts", "secret", Instances.FAST, ONE_FAILURE_TRIPS);
        CircuitBreaker breaker = a.breaker("acl");

        breaker.run(() -> { });
        await().atMost(Duration.ofSeconds(2)).until(a.store::isDegraded); // the first script refused: no retry helps
        fail(breaker);

        assertThat(breaker.getState()).as("decided locally").isEqualTo(CircuitState.OPEN);
        // Several retry intervals: the store keeps trying, but says it once.
        await().pollDelay(Instances.FAST.maxRetryInterval().multipliedBy(4)).until(() -> true);
        assertThat(warnings.messages()).singleElement().asString().contains("NOPERM").contains("+@scripting");
    }

    private static void fail(CircuitBreaker breaker) {
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        Instances.settle();
    }
}
