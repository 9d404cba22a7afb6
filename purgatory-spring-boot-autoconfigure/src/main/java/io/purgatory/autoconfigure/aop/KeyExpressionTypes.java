package io.purgatory.autoconfigure.aop;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.BeanUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The types whose members the {@code key} expressions of a bean class's keyed {@code @CircuitBreaker}
 * methods reach by reflection: {@code #order.merchant.id} reads a property of the parameter's type
 * ({@code Order}), then of that property's type ({@code Merchant}). Found statically, from the declared
 * types, for the AOT hints: a step whose type is not known from declarations (a property declared as
 * {@code Object} or an interface with other implementations, an indexer, a method overloaded with
 * different return types) ends the walk there. Stateless; thread-safe.
 *
 * <p>A bare parameter ({@code #symbol}, {@code #p0}) is read without SpEL and needs nothing.
 */
public final class KeyExpressionTypes {

    private KeyExpressionTypes() {
    }

    /**
     * Lists the types the key expressions of a class's guarded methods navigate.
     *
     * @param beanType the bean's class (a CGLIB subclass is looked through)
     * @return the types, in the order the expressions reach them; empty when no key navigates a type
     */
    public static Set<Class<?>> of(Class<?> beanType) {
        Class<?> type = ClassUtils.getUserClass(beanType);
        Set<Class<?>> types = new LinkedHashSet<>();
        CircuitBreakerAnnotations.guardedMethods(type).forEach((method, annotation) -> {
            if (!annotation.key().isEmpty()) {
                collect(annotation.key(), method, types);
            }
        });
        return types;
    }

    private static void collect(String key, Method method, Set<Class<?>> types) {
        Expression expression;
        try {
            expression = KeyExpression.PARSER.parseExpression(key);
        } catch (ParseException | IllegalStateException reportedAtStartUp) {
            return; // the application does not start with this key
        }
        if (expression instanceof SpelExpression spel) {
            walk(spel.getAST(), method, types);
        }
    }

    /** Finds every chain that starts at a parameter, wherever it sits (ternaries, concatenations, arguments). */
    private static void walk(SpelNode node, Method method, Set<Class<?>> types) {
        if (node instanceof CompoundExpression && node.getChild(0) instanceof VariableReference variable) {
            int index = KeyExpression.parameterIndex(variable.toStringAST().substring(1), method);
            if (index != KeyExpression.NOT_A_PARAMETER) {
                navigate(node, method.getParameterTypes()[index], types);
            }
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            walk(node.getChild(i), method, types);
        }
    }

    private static void navigate(SpelNode chain, Class<?> start, Set<Class<?>> types) {
        Class<?> current = start;
        for (int i = 1; i < chain.getChildCount() && current != null; i++) {
            SpelNode step = chain.getChild(i);
            if (step instanceof PropertyOrFieldReference property) {
                types.add(current);
                current = propertyType(current, property.getName());
            } else if (step instanceof MethodReference call) {
                types.add(current);
                current = returnType(current, call.getName(), call.getChildCount());
            } else {
                return; // an indexer, a projection or a selection: the element type is not declared
            }
        }
    }

    /** As SpEL's reflective accessor finds it: a getter ({@code getX}, {@code isX}), a record-style {@code x()}, a public field. */
    private static Class<?> propertyType(Class<?> type, String name) {
        PropertyDescriptor descriptor = BeanUtils.getPropertyDescriptor(type, name);
        if (descriptor != null && descriptor.getReadMethod() != null) {
            return descriptor.getReadMethod().getReturnType();
        }
        Method accessor = ReflectionUtils.findMethod(type, name);
        if (accessor != null && Modifier.isPublic(accessor.getModifiers()) && accessor.getReturnType() != void.class) {
            return accessor.getReturnType();
        }
        Field field = ReflectionUtils.findField(type, name);
        return field != null && Modifier.isPublic(field.getModifiers()) ? field.getType() : null;
    }

    /** The return type of the public methods of that name and arity, when they all agree. */
    private static Class<?> returnType(Class<?> type, String name, int arity) {
        Class<?> found = null;
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == arity) {
                if (found != null && found != method.getReturnType()) {
                    return null;
                }
                found = method.getReturnType();
            }
        }
        return found;
    }
}
