package io.purgatory.autoconfigure.testing;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.TimeSource;
import io.purgatory.autoconfigure.health.OpenCircuitStatus;
import io.purgatory.autoconfigure.health.boot4.Boot4HealthContributor;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors.Entry;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Boot 4's health types behind the calls the line-neutral health tests make. Stateless. */
public final class LineHealth {

    private LineHealth() {
    }

    /** @return the type of the contributor Purgatory registers on this line */
    public static Class<?> contributorType() {
        return Boot4HealthContributor.class;
    }

    /** @return a new contributor of this line */
    public static Object contributor(CircuitBreakerFactory factory, OpenCircuitStatus openStatus, TimeSource time) {
        return new Boot4HealthContributor(factory, openStatus, time);
    }

    /** @return the components' names, in the contributor's order */
    public static List<String> componentNames(Object contributor) {
        return ((Boot4HealthContributor) contributor).stream().map(Entry::name).toList();
    }

    /** @return the status code of one component, or {@code null} when there is none of that name */
    public static String componentStatus(Object contributor, String name) {
        HealthContributor component = ((Boot4HealthContributor) contributor).getContributor(name);
        return component == null ? null : ((HealthIndicator) component).health().getStatus().getCode();
    }

    /** @return the details of one component, which must exist */
    public static Map<String, Object> componentDetails(Object contributor, String name) {
        return ((HealthIndicator) ((Boot4HealthContributor) contributor).getContributor(name)).health().getDetails();
    }
}
