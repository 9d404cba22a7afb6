package io.purgatory.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The series of a Prometheus text exposition: metric name, labels and value of every sample. Immutable. */
record PrometheusScrape(List<Series> series) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * One series.
     *
     * @param metric the metric name as exposed, for example {@code purgatory_breaker_calls_seconds_count}
     * @param labels its labels
     * @param value its value
     */
    record Series(String metric, Map<String, String> labels, double value) {
    }

    static PrometheusScrape parse(String text) {
        List<Series> series = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            series.add(new Series(sample.group(1), labels, value(sample.group(3))));
        }
        return new PrometheusScrape(List.copyOf(series));
    }

    /** Prometheus writes infinities as {@code +Inf} and {@code -Inf}, which Java does not parse. */
    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    List<Series> of(String metric) {
        return series.stream().filter(s -> s.metric().equals(metric)).toList();
    }
}
