package io.purgatory.springcloud;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The same OpenFeign client with {@code spring.cloud.openfeign.circuitbreaker.alphanumeric-ids.enabled=false}: the
 * circuit id is the config key {@code RemoteClient#greeting()} itself, whose {@code #} and parentheses need Boot's
 * bracket notation in {@code purgatory.breakers[...]}.
 */
@SpringBootTest(classes = OpenFeignCircuitBreakerTest.FeignApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "spring.main.web-application-type=none",
                "spring.cloud.gateway.server.webflux.enabled=false",
                "spring.cloud.openfeign.circuitbreaker.enabled=true",
                "spring.cloud.openfeign.circuitbreaker.alphanumeric-ids.enabled=false",
                "purgatory.breakers[RemoteClient#greeting()].threshold=2",
                "purgatory.breakers[RemoteClient#greeting()].ttl=1h" })
class OpenFeignConfigKeyIdsTest extends OpenFeignCircuitBreakerTest {

    @Override
    String circuit() {
        return "RemoteClient#greeting()";
    }
}
