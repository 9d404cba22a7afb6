package io.purgatory.autoconfigure.aop;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.util.ClassUtils;

/** Picks the {@link GuardedCall} for a method's return type. Stateless; thread-safe. */
final class ReturnTypes {

    private static final boolean REACTOR_PRESENT =
            ClassUtils.isPresent("reactor.core.publisher.Mono", ReturnTypes.class.getClassLoader());

    private ReturnTypes() {
    }

    static GuardedCall callFor(Method method) {
        Class<?> returnType = method.getReturnType();
        if (KotlinFunctions.reactorBridgePresent()) {
            // Without the bridge the start-up check has refused these (UnreachableMethods).
            if (KotlinFunctions.isSuspend(method)) {
                return ReactorCall.SUSPEND;
            }
            if (KotlinFunctions.isFlow(returnType)) {
                return KotlinTypes.FLOW;
            }
        }
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

    /** Whether a fallback must return the same wrapper type: {@code Mono}, {@code Flux} or {@code Flow}. */
    static boolean isReactive(Class<?> returnType) {
        return REACTOR_PRESENT && ReactorTypes.callFor(returnType) != null || KotlinFunctions.isFlow(returnType);
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

    /** Built only when kotlinx-coroutines-reactor is present: Spring's registry then adapts {@code Flow}. */
    private static final class KotlinTypes {

        static final ReactorCall FLOW = ReactorCall.flow(ReactiveAdapterRegistry.getSharedInstance()
                .getAdapter(ClassUtils.resolveClassName("kotlinx.coroutines.flow.Flow", ReturnTypes.class.getClassLoader())));
    }
}
