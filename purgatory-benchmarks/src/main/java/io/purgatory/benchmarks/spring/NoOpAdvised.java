package io.purgatory.benchmarks.spring;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the methods that the no-op advices apply to: {@link NoOpAroundAspect} in one context, a
 * no-op {@code MethodInterceptor} advisor in another (see {@link BenchmarkContexts}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NoOpAdvised {
}
