package io.purgatory.autoconfigure;

import java.lang.reflect.Method;
import java.util.Collection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * Applies {@code purgatory.*} again when Spring Cloud reports a change of the environment (its
 * {@code EnvironmentChangeEvent}, from {@code /actuator/refresh}, Spring Cloud Config or a Kubernetes
 * ConfigMap reload) that touches a {@code purgatory.} key. Spring Cloud stays optional: the event is
 * recognised by its class name and read reflectively. Thread-safe.
 */
public class EnvironmentChangeRefresh implements ApplicationListener<ApplicationEvent> {

    /** Spring Cloud Context's event for a changed environment. */
    static final String EVENT = "org.springframework.cloud.context.environment.EnvironmentChangeEvent";

    private final ObjectProvider<PurgatoryConfigurationRefresher> refresher;

    EnvironmentChangeRefresh(ObjectProvider<PurgatoryConfigurationRefresher> refresher) {
        this.refresher = refresher;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event.getClass().getName().equals(EVENT) && touchesPurgatory(event)) {
            refresher.ifAvailable(PurgatoryConfigurationRefresher::refresh);
        }
    }

    /** Whether one of the changed keys is a Purgatory key; when the keys cannot be read, assume so. */
    private static boolean touchesPurgatory(ApplicationEvent event) {
        try {
            Method keys = event.getClass().getMethod("getKeys");
            Object changed = keys.invoke(event);
            if (changed instanceof Collection<?> names) {
                return names.stream().anyMatch(name -> String.valueOf(name).toLowerCase(java.util.Locale.ROOT)
                        .startsWith("purgatory"));
            }
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            // An unknown version of the event: refreshing is harmless when nothing changed.
        }
        return true;
    }
}
