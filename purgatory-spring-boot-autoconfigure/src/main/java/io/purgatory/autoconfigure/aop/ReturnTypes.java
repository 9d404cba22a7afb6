package io.purgatory.autoconfigure.aop;

import java.util.concurrent.CompletionStage;
import org.springframework.util.ClassUtils;

/** Picks the {@link GuardedCall} for a method's return type. Stateless; thread-safe. */
final class ReturnTypes {

    private static final boolean REACTOR_PRESENT =
            ClassUtils.isPresent("reactor.core.publisher.Mono", ReturnTypes.class.getClassLoader());

    private ReturnTypes() {
    }

    static GuardedCall callFor(Class<?> returnType) {
        if (REACTOR_PRESENT) {
            GuardedCall reactive = ReactorTypes.callFor(returnType);
            if (reactive != null) {
                return reactive;
            }
        }
        if (CompletionStage.class.isAssignableFrom(returnType)) {
            return CompletionStageCall.INSTANCE;
        }
        return SyncCall.INSTANCE;
    }

    static boolean isReactive(Class<?> returnType) {
        return REACTOR_PRESENT && ReactorTypes.callFor(returnType) != null;
    }

    /** Touches Reactor types only when Reactor is present. */
    private static final class ReactorTypes {

        static GuardedCall callFor(Class<?> returnType) {
            if (reactor.core.publisher.Mono.class.isAssignableFrom(returnType)) {
                return ReactorCall.MONO;
            }
            if (reactor.core.publisher.Flux.class.isAssignableFrom(returnType)) {
                return ReactorCall.FLUX;
            }
            return null;
        }
    }
}
