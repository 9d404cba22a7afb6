package io.purgatory.redis.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class one private {@link RedisServer}, injectable as a constructor, lifecycle-method or
 * test-method parameter; an annotation, so immutable and thread-safe.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("redis") // so that .ci/redis-matrix.sh can run every Redis test, and only those, with -Dgroups=redis
@ExtendWith(RedisServerExtension.class)
public @interface WithRedisServer {

    /** Start a single-node cluster owning all slots instead of a standalone server. */
    boolean cluster() default false;

}
