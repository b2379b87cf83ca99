package dev.tcpswarm.notify;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One alert notice as every channel sees it: what fired, resolved or reminds, on which target, in
 * which state, why, and since when. Made by the monitor's notifier from an alert decision (or by
 * {@code --test-channel}); immutable, so any thread may read it.
 *
 * @param kind firing, resolved, reminder, or a test
 * @param alert the alert's name, e.g. {@code db-down}
 * @param target the service or group it watches
 * @param group true when the target is a group
 * @param state the target's state at the check, lower case: {@code down}, {@code degraded}, {@code up}, {@code unknown}
 * @param reason what happened, e.g. {@code db DOWN (3 consecutive timeouts)}
 * @param labels the target's labels and the channel's own, in order
 * @param sinceEpochMillis when the alert started firing (0 when unknown)
 * @param atEpochMillis when this notice was decided
 * @param value the measured value the rule judged, e.g. {@code 233 ms}; empty when the rule has none
 * @param link the status page's address; empty when none is served
 */
public record AlertNotice(Kind kind, String alert, String target, boolean group, String state, String reason,
        Map<String, String> labels, long sinceEpochMillis, long atEpochMillis, String value, String link) {

    /** The forms a notice takes. */
    public enum Kind {
        FIRING, RESOLVED, REMINDER, TEST;

        /** {@code firing}, {@code resolved}, {@code reminder}, {@code test}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AlertNotice {
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    }

    /** True for a resolved notice: the alert is over. */
    public boolean resolved() {
        return kind == Kind.RESOLVED;
    }

    /** {@code [FIRING] db-down: db DOWN (3 consecutive timeouts)}: a one-line title. */
    public String title() {
        return "[" + kind + "] " + alert + ": " + reason;
    }

    /** The target's state in capitals, as the monitor prints it: {@code DOWN}. */
    public String stateWord() {
        return state.toUpperCase(Locale.ROOT);
    }

    /** The {@code service} or {@code group} label name for the target. */
    public String targetLabel() {
        return group ? "group" : "service";
    }

    /** ISO-8601 UTC of this notice. */
    public String at() {
        return Instant.ofEpochMilli(atEpochMillis).toString();
    }

    /** ISO-8601 UTC of the start of firing; this notice's time when unknown. */
    public String since() {
        return Instant.ofEpochMilli(sinceEpochMillis > 0 ? sinceEpochMillis : atEpochMillis).toString();
    }

    /** One key per alert and target, for the providers that deduplicate (PagerDuty, Opsgenie). */
    public String dedupKey() {
        return "tcpswarm/" + alert + "/" + target;
    }

    /**
     * The notice as plain-text lines: the reason, the target and its state, the times, the value, the
     * labels and the link. Shared by the e-mail body and the chat providers' text.
     */
    public String plainText() {
        StringBuilder b = new StringBuilder();
        b.append(reason).append('\n').append('\n');
        b.append("alert:  ").append(alert).append(" (").append(kind.key()).append(")\n");
        b.append(targetLabel()).append(": ").append(target).append(" is ").append(stateWord()).append('\n');
        b.append(resolved() ? "fired:  " : "since:  ").append(since()).append('\n');
        if (resolved()) {
            b.append("resolved: ").append(at()).append('\n');
        } else {
            b.append("time:   ").append(at()).append('\n');
        }
        if (!value.isEmpty()) {
            b.append("value:  ").append(value).append('\n');
        }
        if (!labels.isEmpty()) {
            b.append("labels: ").append(labelText()).append('\n');
        }
        if (!link.isEmpty()) {
            b.append("status: ").append(link).append('\n');
        }
        return b.toString();
    }

    /** The labels as {@code k=v, k=v}. */
    public String labelText() {
        StringBuilder l = new StringBuilder();
        labels.forEach((k, v) -> l.append(l.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return l.toString();
    }
}
