package dev.vigil.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;

/**
 * GStreamer pipeline descriptions kept as text files so an appliance can change decoders or
 * scaling without recompiling. Lines starting with '#' are comments; {name} placeholders are
 * filled from the given values.
 */
public final class PipelineTemplates {
    private final Path directory;

    public PipelineTemplates(Path directory) {
        this.directory = directory;
    }

    /** Parses a template into a pipeline, wrapping a lone element (e.g. just webrtcbin) in one. */
    public Pipeline launch(String name, Map<String, String> values) {
        Element parsed = Gst.parseLaunch(render(name, values));
        if (parsed instanceof Pipeline pipeline) {
            return pipeline;
        }
        Pipeline pipeline = new Pipeline(name);
        pipeline.add(parsed);
        return pipeline;
    }

    public String render(String name, Map<String, String> values) {
        Path file = directory.resolve(name + ".txt");
        String text;
        try {
            text = Files.readAllLines(file).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.joining(" "));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pipeline template " + file.toAbsolutePath(), e);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("{" + value.getKey() + "}", value.getValue());
        }
        if (text.matches(".*\\{[a-z_]+}.*")) {
            throw new IllegalStateException("pipeline template " + file + " has unfilled placeholders: " + text);
        }
        return text;
    }
}
