package org.rdpdoctor.store;

import java.nio.file.Path;
import java.sql.SQLException;
import org.h2.tools.Server;

/**
 * An H2 database server on loopback with its databases in a folder: a database the tests can take
 * away and bring back. Stopping it breaks every open connection and refuses new ones until it is
 * started again, on the same port.
 */
public final class H2TcpServer implements AutoCloseable {
    private final Path folder;
    private Server server;
    private int port;

    /** Starts a server on a free port over {@code folder}. */
    public H2TcpServer(Path folder) {
        this.folder = folder;
        start();
    }

    /** The JDBC URL of the database {@code name} on this server (created on first use). */
    public String url(String name) {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/" + name;
    }

    /** Starts the server again on its port; the databases keep what was committed. */
    public void start() {
        try {
            server =
                    Server.createTcpServer(
                                    "-tcpPort",
                                    Integer.toString(port),
                                    "-tcpDaemon",
                                    "-ifNotExists",
                                    "-baseDir",
                                    folder.toString())
                            .start();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start an H2 server on port " + port, e);
        }
        port = server.getPort();
    }

    /** Stops the server, breaking every connection to it. */
    public void stop() {
        server.stop();
    }

    @Override
    public void close() {
        server.stop();
    }
}
