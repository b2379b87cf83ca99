package dev.tcpswarm.notify;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How HTTP providers' answers are read: a 2xx is delivered; 429 is a rate limit, retried after the
 * receiver's {@code Retry-After}; any other 4xx but 408 is permanent (a bad payload, key or address
 * is not fixed by trying again); anything else is retried, after the {@code Retry-After} of a 503
 * when it gives one. Pure functions.
 */
public final class HttpAnswers {
    private static final int DETAIL_CHARS = 200;

    private HttpAnswers() {
    }

    /** The standard reading of an answer. */
    public static DeliveryResult judge(int status, HttpHeaders headers, String body) {
        if (status / 100 == 2) {
            return DeliveryResult.delivered();
        }
        if (status == 429) {
            return rateLimited(retryAfterMillis(headers).orElse(0L));
        }
        DeliveryResult refused = refused(status, detail(body));
        long wait = status == 503 ? retryAfterMillis(headers).orElse(0L) : 0;
        return wait > 0 ? new DeliveryResult(refused.error(), wait, false) : refused;
    }

    /** A 429's result: wait {@code millis} (0: the channel's own backoff) before the next try. */
    public static DeliveryResult rateLimited(long millis) {
        String wait = millis > 0 ? "; retry after " + Duration.ofMillis(millis).toSeconds() + " s" : "";
        return new DeliveryResult("HTTP 429 (rate limited" + wait + ")", millis, false);
    }

    /** A non-2xx answer other than 429, with the provider's own words when it gave some. */
    public static DeliveryResult refused(int status, String detail) {
        boolean permanent = status / 100 == 4 && status != 408 && status != 429;
        return new DeliveryResult("HTTP " + status + (detail.isEmpty() ? "" : ": " + detail), 0, permanent);
    }

    /** {@code Retry-After} as seconds or an HTTP date, in milliseconds. */
    public static Optional<Long> retryAfterMillis(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get().trim();
        try {
            return Optional.of(Math.max(0, (long) (Double.parseDouble(v) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Optional.of(Math.max(0, at - System.currentTimeMillis()));
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** The start of a provider's error text, on one line, without control characters. */
    public static String detail(String body) {
        if (body == null) {
            return "";
        }
        String t = body.strip().replaceAll("[\\p{Cntrl}]+", " ");
        return t.length() > DETAIL_CHARS ? t.substring(0, DETAIL_CHARS) + "..." : t;
    }
}
