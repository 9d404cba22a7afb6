package io.purgatory.redis.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension that runs one {@link RedisServer} per test class, injects it as a parameter and repairs it
 * before each test; stateless (state lives in the JUnit store), so thread-safe.
 *
 * <p>{@code @Nested} classes share their enclosing class's server unless they ask for a different mode.
 */
public final class RedisServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(RedisServerExtension.class);
    private static final String KEY = "server";

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // A previous test may have stopped, frozen or paused the shared server on purpose.
        server(context).ensureRunning();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // remove() only looks at this class's own store, so a @Nested class never stops its parent's server.
        RedisServer server = context.getStore(NAMESPACE).remove(KEY, RedisServer.class);
        if (server != null) {
            server.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RedisServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** Lazy, because with PER_CLASS lifecycle JUnit constructs the test instance before beforeAll runs. */
    private static RedisServer server(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        boolean cluster = AnnotationSupport.findAnnotation(classContext.getRequiredTestClass(), WithRedisServer.class)
            .map(WithRedisServer::cluster)
            .orElse(false);
        Store store = classContext.getStore(NAMESPACE);
        RedisServer existing = store.get(KEY, RedisServer.class); // also finds an enclosing class's server
        if (existing != null && existing.isClusterEnabled() == cluster) {
            return existing;
        }
        RedisServer created = cluster ? clusterOrSkip() : RedisServer.fromEnvironment();
        store.put(KEY, created);
        return created;
    }

    private static RedisServer clusterOrSkip() {
        HarnessEnvironment env = HarnessEnvironment.current();
        if (env.get(HarnessEnvironment.URL).isPresent()) {
            Assumptions.abort(HarnessEnvironment.URL + " points at one external standalone server; "
                    + "cluster tests need a local redis-server");
        }
        return RedisServer.cluster(RedisBinary.resolve(env));
    }

    /** Parameters of constructors and methods are resolved in method contexts; the server belongs to the class. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (!current.getElement().map(Class.class::isInstance).orElse(false)) {
            current = current.getParent()
                .orElseThrow(() -> new IllegalStateException("RedisServerExtension needs a test class"));
        }
        return current;
    }

}
