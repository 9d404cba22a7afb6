package io.purgatory.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Guards a method, or every public method of a class, with the named circuit breaker.
 *
 * <p>Read by the Spring Boot starter's aspect; the core only defines it. A method annotation wins
 * over the class annotation.
 *
 * <pre>{@code
 * @CircuitBreaker(value = "payments", fallbackMethod = "paymentUnavailable")
 * public Receipt charge(Order order) { ... }
 *
 * Receipt paymentUnavailable(Order order, CircuitOpenException e) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface CircuitBreaker {

    /**
     * The circuit's name; calls of every method naming it share one circuit.
     *
     * @return the circuit name
     */
    String value();

    /**
     * The name of a method of the same class to call instead when the call is rejected or fails
     * with a counted exception. Its parameters are the guarded method's plus one trailing
     * {@link Throwable} subtype, or just that one parameter; the closest exception type wins.
     *
     * @return the fallback method's name, or empty for none
     */
    String fallbackMethod() default "";

    /**
     * Exception types that count as a success for this circuit, added to its configured exclude list.
     *
     * @return the excluded types
     */
    Class<? extends Throwable>[] exclude() default {};

    /**
     * A SpEL expression over the method's parameters that names the call's key: each distinct value gets
     * its own circuit in the group {@link #value()} (see {@code io.purgatory.CircuitBreakerGroup}),
     * configured like a breaker of that name. Parameters are reachable by name ({@code #order.merchantId},
     * which needs {@code -parameters}) and by position ({@code #p0}, {@code #a0}). The expression is parsed
     * at start-up (a parse error stops the start) and evaluated on every call; a {@code null} value, an
     * expression that throws, or a value that makes no valid circuit name runs the call on the group's
     * shared circuit, the breaker named {@link #value()}.
     *
     * <pre>{@code
     * @CircuitBreaker(value = "payments", key = "#order.merchantId")
     * public Receipt charge(Order order) { ... }
     * }</pre>
     *
     * @return the key expression, or empty for one circuit shared by every call
     */
    String key() default "";
}
