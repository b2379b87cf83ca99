package dev.tcpswarm.monitor.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key and item of a config file is: the line of every JSON pointer, taken from
 * Jackson's YAML parser token by token (the tree Jackson builds keeps no locations). One thread.
 */
final class ConfigLines {
    private final String file;
    private final Map<String, Integer> lineByPointer = new HashMap<>();

    private ConfigLines(String file) {
        this.file = file;
    }

    /** Reads every token of {@code yaml}; a YAML error or a duplicate key fails with its line. */
    static ConfigLines of(String file, String yaml, YAMLFactory factory) throws ConfigException {
        ConfigLines lines = new ConfigLines(file);
        try (JsonParser parser = factory.createParser(yaml)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            for (JsonToken t; (t = parser.nextToken()) != null; ) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                lines.lineByPointer.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String message = e.getOriginalMessage();
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblem() != null) {
                    message = marked.getProblem(); // the problem, not the context ("while parsing ...")
                    if (marked.getProblemMark() != null) {
                        line = marked.getProblemMark().getLine() + 1;
                    }
                }
            }
            message = message == null ? "not valid YAML" : message.lines().findFirst().orElse(message).trim();
            if (message.startsWith("Duplicate field")) {
                message = "duplicate key " + message.substring("Duplicate field".length()).trim()
                        + ": each key may appear once";
            } else {
                message = "not valid YAML: " + message;
            }
            throw new ConfigException(file + ":" + line + ": " + message);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return lines;
    }

    String file() {
        return file;
    }

    /** The line of {@code pointer}, or of its nearest ancestor that has one (1 for the root). */
    int lineOf(String pointer) {
        for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
            Integer line = lineByPointer.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 1;
            }
        }
    }
}
