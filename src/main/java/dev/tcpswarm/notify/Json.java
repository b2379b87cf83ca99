package dev.tcpswarm.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The providers' JSON: one Jackson mapper, trees to bytes and back. Thread-safe. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // not reached: a tree of plain values
        }
    }

    /** The answer's JSON, or an empty object when it is not JSON. */
    static JsonNode parse(String body) {
        try {
            JsonNode n = body == null || body.isBlank() ? null : MAPPER.readTree(body);
            return n == null ? object() : n;
        } catch (JsonProcessingException e) {
            return object();
        }
    }

    /** At most {@code max} characters (code points kept whole), with an ellipsis when cut. */
    static String cut(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "\u2026";
    }
}
