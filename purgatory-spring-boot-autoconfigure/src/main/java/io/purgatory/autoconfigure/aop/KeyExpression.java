package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerGroup;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * The {@code key} of a keyed {@code @CircuitBreaker} method, parsed once: picks the circuit of each call
 * in the method's group by evaluating the expression over the call's arguments, as Spring's cache
 * annotations do ({@code #name}, {@code #p0}, {@code #a0}). Thread-safe.
 *
 * <p>A call whose key cannot name a circuit (the value is {@code null}, the expression throws, or
 * {@code group[value]} breaks the circuit-name rule) runs on the group's shared circuit: a breaker must
 * not fail a call that would otherwise run. The first such call of a method logs a warning.
 */
final class KeyExpression {

    private static final Log logger = LogFactory.getLog(KeyExpression.class);

    /** Compiled to bytecode once it has run a few times, interpreted until then or when it cannot be. */
    static final SpelExpressionParser PARSER =
            new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.MIXED, KeyExpression.class.getClassLoader()));

    private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

    /** The positional aliases and the names SpEL itself defines, which need no parameter names. */
    private static final Pattern NAMELESS = Pattern.compile("#?([pa]\\d+|root|this)");

    /** A bare parameter reference ({@code #name}, {@code #p0}, {@code #a0}) is the argument itself: no SpEL. */
    static final int NOT_A_PARAMETER = -1;

    private final String source;
    private final Expression expression;
    private final int parameterIndex;
    private final Method method;
    private final CircuitBreakerGroup group;
    private final String declaredBy;
    private volatile boolean warned;

    private KeyExpression(String source, Expression expression, Method method, CircuitBreakerGroup group, String declaredBy) {
        this.source = source;
        this.expression = expression;
        this.parameterIndex = parameterIndex(expression, method);
        this.method = method;
        this.group = group;
        this.declaredBy = declaredBy;
    }

    /**
     * Parses the key of a guarded method.
     *
     * @param source the annotation's {@code key}
     * @param method the most specific method, whose parameter names the expression uses
     * @param group the method's group
     * @param declaredBy the method, for messages
     * @return the parsed key
     * @throws ParseException when the expression does not parse (the start-up check reports it first)
     */
    static KeyExpression parse(String source, Method method, CircuitBreakerGroup group, String declaredBy) {
        return new KeyExpression(source, PARSER.parseExpression(source), method, group, declaredBy);
    }

    /** The index of the parameter a bare {@code #name}, {@code #pN} or {@code #aN} names, or {@link #NOT_A_PARAMETER}. */
    private static int parameterIndex(Expression expression, Method method) {
        if (!(expression instanceof SpelExpression spel) || !(spel.getAST() instanceof VariableReference variable)) {
            return NOT_A_PARAMETER;
        }
        return parameterIndex(variable.toStringAST().substring(1), method);
    }

    /**
     * The index of the parameter a variable names ({@code name}, {@code pN} or {@code aN}, without the
     * {@code #}) as the evaluation context resolves it, or {@link #NOT_A_PARAMETER}.
     */
    static int parameterIndex(String name, Method method) {
        if (name.equals("root") || name.equals("this")) {
            return NOT_A_PARAMETER; // SpEL's own, whatever the parameters are called
        }
        // Names first: Spring's context sets them after the aliases, so a parameter called p1 wins over the alias.
        String[] names = PARAMETER_NAMES.getParameterNames(method);
        for (int i = 0; names != null && i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        if (name.matches("[pa]\\d{1,3}")) {
            int index = Integer.parseInt(name.substring(1));
            return index < method.getParameterCount() ? index : NOT_A_PARAMETER;
        }
        return NOT_A_PARAMETER;
    }

    /**
     * Checks a key at start-up.
     *
     * @param source the annotation's {@code key}
     * @param method the guarded method
     * @return what is wrong with it, or {@code null} when it is fine
     */
    static String problem(String source, Method method) {
        Expression parsed;
        try {
            parsed = PARSER.parseExpression(source);
        } catch (ParseException | IllegalStateException e) {
            return "key expression '" + source + "' does not parse: " + e.getMessage();
        }
        boolean namesKnown = method.getParameterCount() == 0 || method.getParameters()[0].isNamePresent()
                || PARAMETER_NAMES.getParameterNames(method) != null;
        if (!namesKnown && parsed instanceof SpelExpression spel) {
            List<String> named = new ArrayList<>();
            variables(spel.getAST(), named);
            named.removeIf(variable -> NAMELESS.matcher(variable).matches());
            if (!named.isEmpty()) {
                return "key expression '" + source + "' uses parameter names " + named + ", but "
                        + method.getDeclaringClass().getName() + " was compiled without them";
            }
        }
        return null;
    }

    private static void variables(SpelNode node, List<String> found) {
        if (node instanceof VariableReference) {
            found.add(node.toStringAST());
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            variables(node.getChild(i), found);
        }
    }

    /**
     * Returns the circuit of this call.
     *
     * @param invocation the intercepted call
     * @return the circuit of the call's key, or the group's shared circuit when the key cannot name one
     */
    CircuitBreaker breakerFor(MethodInvocation invocation) {
        try {
            // A bare parameter needs no evaluation context: the commonest key costs no allocation for a String.
            Object value = parameterIndex != NOT_A_PARAMETER ? invocation.getArguments()[parameterIndex]
                    : expression.getValue(new MethodBasedEvaluationContext(null, method, invocation.getArguments(),
                            PARAMETER_NAMES));
            if (value == null) {
                return group.getSharedBreaker();
            }
            return group.breaker(value.toString());
        } catch (RuntimeException unusable) {
            warnOnce(unusable);
            return group.getSharedBreaker();
        }
    }

    private void warnOnce(RuntimeException unusable) {
        if (!warned) {
            warned = true;
            logger.warn("The key '" + source + "' of @CircuitBreaker(\"" + group.getName() + "\") on " + declaredBy
                    + " named no circuit (" + unusable + "); such calls run on the group's shared circuit '"
                    + group.getName() + "'. Further failures of this key are logged at debug level.", unusable);
        } else if (logger.isDebugEnabled()) {
            logger.debug("The key '" + source + "' on " + declaredBy + " named no circuit", unusable);
        }
    }

    /**
     * Returns the key's source text.
     *
     * @return the expression as written
     */
    String source() {
        return source;
    }

    /**
     * Returns the group the key picks circuits in.
     *
     * @return the group
     */
    CircuitBreakerGroup group() {
        return group;
    }
}
