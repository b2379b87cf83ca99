package dev.tcpswarm.store;

import dev.tcpswarm.monitor.MonitorExtension;
import dev.tcpswarm.monitor.MonitorListener;
import dev.tcpswarm.monitor.Resume;
import dev.tcpswarm.monitor.config.ConfigSection;
import dev.tcpswarm.verdict.ExitCode;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The lasting store as a monitor extension: reads the {@code store} section, opens (and migrates)
 * the SQLite file before monitoring starts, hands the monitor where it stood when it last stopped,
 * and adds the {@link StoreWriter} sink. The command's thread.
 */
public final class StoreExtension implements MonitorExtension {
    @Override
    public List<ConfigSection<?>> sections() {
        return List.of(StoreSection.INSTANCE);
    }

    @Override
    public Attachment attach(Context context) throws ExtensionException {
        StoreConfig config = context.config().extension(StoreSection.INSTANCE, StoreConfig.class);
        if (config == null) {
            return Attachment.NONE;
        }
        Connection connection;
        try {
            connection = StoreFile.open(config.path(), true, false, true);
        } catch (StoreException e) {
            throw new ExtensionException(e.getMessage(), e.exitCode());
        }
        Resume resume;
        try (StoreReader reader = StoreReader.open(config.path(), false)) {
            resume = reader.resume();
        } catch (StoreException e) {
            StoreFile.close(connection);
            throw new ExtensionException(e.getMessage(), e.exitCode());
        } catch (SQLException e) {
            StoreFile.close(connection);
            StoreException failure = StoreException.reading(config.path(), e);
            throw new ExtensionException(failure.getMessage(), failure.exitCode());
        }
        StoreWriter writer = new StoreWriter(config, connection, context.clock(), context.err(), context.registry());
        return new Attachment() {
            @Override
            public List<MonitorListener> sinks() {
                return List.of(writer);
            }

            @Override
            public Resume resume() {
                return resume;
            }

            @Override
            public String banner(InetSocketAddress http) {
                return "history in " + config.path();
            }

            @Override
            public void close() {
                writer.close();
            }
        };
    }
}
