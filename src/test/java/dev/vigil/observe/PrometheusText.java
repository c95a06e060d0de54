package dev.vigil.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Prometheus text exposition parsed by the Prometheus project's Python client parser (Debian
 * python3-prometheus-client; no maintained Java parser exists: the Java clients only write the
 * format). The parser throws on what the format does not allow, and splits a family whose samples
 * do not fit its declared type, which the tests check for.
 */
final class PrometheusText {
    private static final Path SCRIPT = Path.of("src/test/resources/prometheus_to_json.py");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    record Family(String name, String type, List<Sample> samples) {
    }

    private final List<Family> families;

    private PrometheusText(List<Family> families) {
        this.families = families;
    }

    static PrometheusText parse(String text) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString()).redirectErrorStream(false).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out;
        String err;
        try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            err = new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("the Prometheus parser rejected /metrics: " + err);
        }
        List<Family> families = Json.createReader(new StringReader(out)).readArray().getValuesAs(JsonObject.class).stream()
                .map(family -> new Family(family.getString("name"), family.getString("type"),
                        family.getJsonArray("samples").getValuesAs(JsonObject.class).stream()
                                .map(sample -> new Sample(sample.getString("name"), labels(sample.getJsonObject("labels")),
                                        value(sample.get("value"))))
                                .toList()))
                .toList();
        return new PrometheusText(families);
    }

    private static Map<String, String> labels(JsonObject labels) {
        return labels.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                entry -> ((jakarta.json.JsonString) entry.getValue()).getString()));
    }

    private static double value(JsonValue value) {
        return value instanceof jakarta.json.JsonNumber number ? number.doubleValue() : Double.NaN;
    }

    List<Family> families() {
        return families;
    }

    /** The one family of that name; fails when it is missing or split (samples not fitting its type). */
    Family family(String name) {
        List<Family> named = families.stream().filter(family -> family.name().equals(name)).toList();
        if (named.size() != 1) {
            throw new AssertionError("expected one family " + name + ", found " + named.size() + ": " + named);
        }
        return named.getFirst();
    }

    /** The value of the sample with that name whose labels include the given ones. */
    Optional<Double> value(String sampleName, Map<String, String> labels) {
        return families.stream().flatMap(family -> family.samples().stream())
                .filter(sample -> sample.name().equals(sampleName))
                .filter(sample -> labels.entrySet().stream().allMatch(l -> Objects.equals(sample.labels().get(l.getKey()), l.getValue())))
                .map(Sample::value)
                .findFirst();
    }
}
