package io.purgatory.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names, label matchers and {@code by (...)} labels of one PromQL expression, found with
 * regular expressions: enough for dashboard queries (selectors, functions, aggregations, arithmetic),
 * not a full parser. Immutable; thread-safe.
 *
 * @param expression the query as written
 * @param metricNames every metric it reads
 * @param selectors its vector selectors, with their label matchers
 * @param groupingLabels the labels of its {@code by (...)} clauses, which the series must carry too
 */
record PromQlQuery(String expression, Set<String> metricNames, List<Selector> selectors, Set<String> groupingLabels) {

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile(
            "label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*\\s*(?:\\{[^}]*})?)\\s*,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right");

    /**
     * A vector selector: a metric name and its label matchers.
     *
     * @param metric the metric name
     * @param labels label name to (operator, value)
     */
    record Selector(String metric, Map<String, Matcher> labels) {

        /**
         * One label matcher.
         *
         * @param operator {@code =}, {@code !=}, {@code =~} or {@code !~}
         * @param value the value or regular expression
         */
        record Matcher(String operator, String value) {
        }
    }

    static PromQlQuery parse(String expression) {
        String query = expression;
        List<Selector> selectors = new ArrayList<>();
        Matcher labelValues = LABEL_VALUES.matcher(query);
        if (labelValues.matches()) {
            query = labelValues.group(1);
        }
        Matcher selector = SELECTOR.matcher(query);
        while (selector.find()) {
            Map<String, Selector.Matcher> labels = new LinkedHashMap<>();
            Matcher matcher = MATCHER.matcher(selector.group(2));
            while (matcher.find()) {
                labels.put(matcher.group(1), new Selector.Matcher(matcher.group(2), matcher.group(3)));
            }
            selectors.add(new Selector(selector.group(1), labels));
        }
        String bare = query.replaceAll("\"[^\"]*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ");
        Set<String> grouping = new LinkedHashSet<>();
        Matcher by = BY.matcher(bare);
        while (by.find()) {
            for (String label : by.group(1).split(",")) {
                if (!label.isBlank()) {
                    grouping.add(label.strip());
                }
            }
        }
        bare = GROUPING.matcher(bare).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            boolean isFunction = identifier.group(2) != null;
            if (!isFunction && !KEYWORDS.contains(identifier.group(1))) {
                names.add(identifier.group(1));
            }
        }
        return new PromQlQuery(expression, Set.copyOf(names), List.copyOf(selectors), Set.copyOf(grouping));
    }

    /** The label a {@code label_values(metric, label)} variable query lists, or {@code null}. */
    static String labelValuesLabel(String expression) {
        Matcher labelValues = LABEL_VALUES.matcher(expression);
        return labelValues.matches() ? labelValues.group(2) : null;
    }
}
