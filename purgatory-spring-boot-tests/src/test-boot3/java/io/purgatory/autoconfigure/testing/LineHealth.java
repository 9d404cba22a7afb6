package io.purgatory.autoconfigure.testing;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.TimeSource;
import io.purgatory.autoconfigure.health.OpenCircuitStatus;
import io.purgatory.autoconfigure.health.boot3.Boot3HealthContributor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;

/** Boot 3's health types behind the calls the line-neutral health tests make. Stateless. */
public final class LineHealth {

    private LineHealth() {
    }

    /** @return the type of the contributor Purgatory registers on this line */
    public static Class<?> contributorType() {
        return Boot3HealthContributor.class;
    }

    /** @return a new contributor of this line */
    public static Object contributor(CircuitBreakerFactory factory, OpenCircuitStatus openStatus, TimeSource time) {
        return new Boot3HealthContributor(factory, openStatus, time);
    }

    /** @return the components' names, in the contributor's order */
    public static List<String> componentNames(Object contributor) {
        List<String> names = new ArrayList<>();
        for (NamedContributor<HealthContributor> named : (Boot3HealthContributor) contributor) {
            names.add(named.getName());
        }
        return names;
    }

    /** @return the status code of one component, or {@code null} when there is none of that name */
    public static String componentStatus(Object contributor, String name) {
        HealthContributor component = ((Boot3HealthContributor) contributor).getContributor(name);
        return component == null ? null : ((HealthIndicator) component).health().getStatus().getCode();
    }

    /** @return the details of one component, which must exist */
    public static Map<String, Object> componentDetails(Object contributor, String name) {
        return ((HealthIndicator) ((Boot3HealthContributor) contributor).getContributor(name)).health().getDetails();
    }
}
