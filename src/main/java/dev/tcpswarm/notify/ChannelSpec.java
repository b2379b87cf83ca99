package dev.tcpswarm.notify;

/**
 * A provider channel's settings, read and checked from the config (by {@link ChannelTypes}), with its
 * secrets resolved: it opens the channel. Immutable; equal settings are equal, so a reload keeps an
 * unchanged channel open (and an Alertmanager channel keeps re-sending its alerts).
 */
public interface ChannelSpec {
    /** Opens the channel; {@code context} holds what channels share. */
    NoticeChannel open(ProviderContext context);
}
