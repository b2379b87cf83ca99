package dev.tcpswarm.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request a provider asks for: the method, the address, the headers and the body. Built by
 * a provider's format from a notice; sent by {@link HttpChannel}.
 */
public record HttpCall(String method, URI uri, Map<String, String> headers, byte[] body) {

    /** A POST of {@code body} as {@code contentType}. */
    public static HttpCall post(URI uri, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new HttpCall("POST", uri, headers, body);
    }

    /** A POST of a JSON body. */
    public static HttpCall postJson(URI uri, byte[] json) {
        return post(uri, "application/json", json);
    }

    /** The same call with one more header. */
    public HttpCall with(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(headers);
        next.put(name, value);
        return new HttpCall(method, uri, next, body);
    }

    /** The body as text, for tests and messages. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
