package io.purgatory.benchmarks.spring;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;

/**
 * The floor of AspectJ-style Spring AOP: an {@code @Around} advice that only proceeds. What any
 * annotation-driven aspect written this way costs before it does anything (Resilience4j's are).
 * Stateless; thread-safe.
 */
@Aspect
public class NoOpAroundAspect {

    /**
     * Proceeds with the advised call.
     *
     * @param call the advised call
     * @return what the call returned
     * @throws Throwable what the call threw
     */
    @Around("@annotation(io.purgatory.benchmarks.spring.NoOpAdvised)")
    public Object around(ProceedingJoinPoint call) throws Throwable {
        return call.proceed();
    }
}
