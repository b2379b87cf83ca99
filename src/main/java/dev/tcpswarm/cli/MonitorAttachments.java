package dev.tcpswarm.cli;

import com.sun.net.httpserver.HttpHandler;
import dev.tcpswarm.monitor.MonitorExtension;
import dev.tcpswarm.monitor.MonitorListener;
import dev.tcpswarm.monitor.Resume;
import dev.tcpswarm.monitor.Source;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The extensions' parts in one monitor run, as one: their sinks and sources, the status pages (one
 * per process: the first extension's), their words in the start line, where the monitor resumes, and one close for all (in reverse
 * order, after the monitor's). The command's thread.
 */
final class MonitorAttachments implements AutoCloseable {
    private final List<MonitorExtension.Attachment> attachments;

    private MonitorAttachments(List<MonitorExtension.Attachment> attachments) {
        this.attachments = attachments;
    }

    /**
     * Attaches every extension in order; when one cannot, those already attached are closed and its
     * one line is the command's bad input (with its exit code).
     */
    static MonitorAttachments attach(List<MonitorExtension> extensions, MonitorExtension.Context context) {
        List<MonitorExtension.Attachment> attached = new ArrayList<>();
        for (MonitorExtension e : extensions) {
            try {
                attached.add(e.attach(context));
            } catch (MonitorExtension.ExtensionException failure) {
                new MonitorAttachments(attached).close();
                throw new UsageException(failure.getMessage(), failure.exitCode());
            }
        }
        return new MonitorAttachments(List.copyOf(attached));
    }

    List<MonitorListener> sinks() {
        List<MonitorListener> sinks = new ArrayList<>();
        attachments.forEach(a -> sinks.addAll(a.sinks()));
        return sinks;
    }

    List<Source> sources() {
        List<Source> sources = new ArrayList<>();
        attachments.forEach(a -> sources.addAll(a.sources()));
        return sources;
    }

    /** The first attachment's pages, or null. */
    HttpHandler pages() {
        for (MonitorExtension.Attachment a : attachments) {
            if (a.pages() != null) {
                return a.pages();
            }
        }
        return null;
    }

    /** What each attachment says of itself in the start line ({@code history in monitor.db}), in order. */
    List<String> banner(InetSocketAddress http) {
        List<String> parts = new ArrayList<>();
        for (MonitorExtension.Attachment a : attachments) {
            String part = a.banner(http);
            if (part != null) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** The first status page's address on {@code http}, or null when none is served. */
    String statusPage(InetSocketAddress http) {
        for (MonitorExtension.Attachment a : attachments) {
            String page = a.statusPage(http);
            if (page != null) {
                return page;
            }
        }
        return null;
    }

    Resume resume() {
        List<Resume.LastState> states = new ArrayList<>();
        List<Resume.LastAlert> alerts = new ArrayList<>();
        for (MonitorExtension.Attachment a : attachments) {
            states.addAll(a.resume().states());
            alerts.addAll(a.resume().alerts());
        }
        return new Resume(List.copyOf(states), List.copyOf(alerts));
    }

    @Override
    public void close() {
        for (int i = attachments.size() - 1; i >= 0; i--) {
            attachments.get(i).close();
        }
    }
}
