package org.rdpdoctor.web;

import io.javalin.Javalin;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.probe.ProbePolicy;
import org.rdpdoctor.store.JdbcSessionStore;

/**
 * The real application, built by {@link WebApp#create} as in production, on a random loopback port,
 * over the pages of {@code templates/} unless a test gives its own.
 */
final class RunningApp implements AutoCloseable {
    private final RdpDoctor doctor;
    private final Javalin app;

    private RunningApp(RdpDoctor doctor, Path templates, TreeCache trees) {
        this.doctor = doctor;
        // Answering to the name browsers reach it by over plain http, as an intranet server
        // started with --public-name does.
        this.app =
                WebApp.create(
                                doctor,
                                templates,
                                null,
                                null,
                                null,
                                new Probing(doctor, ProbePolicy.NONE),
                                TrustedProxies.NONE,
                                HostNames.of(List.of(Browser.PLAIN_HTTP_HOST)),
                                trees)
                        .start("127.0.0.1", 0);
    }

    /** The app over {@code rules} and a fresh in-memory H2 store of its own. */
    static RunningApp withMemoryStore(RuleBase rules) {
        return withMemoryStore(rules, Path.of("templates"));
    }

    /** The same over the page templates of the folder {@code templates}. */
    static RunningApp withMemoryStore(RuleBase rules, Path templates) {
        return new RunningApp(memoryDoctor(rules), templates, new TreeCache());
    }

    /** The app over {@code rules} whose tree page takes its trees from {@code trees}. */
    static RunningApp withMemoryStore(RuleBase rules, TreeCache trees) {
        return new RunningApp(memoryDoctor(rules), Path.of("templates"), trees);
    }

    /** The app over a doctor built by the caller, e.g. over a store that fails. */
    static RunningApp with(RdpDoctor doctor) {
        return new RunningApp(doctor, Path.of("templates"), new TreeCache());
    }

    private static RdpDoctor memoryDoctor(RuleBase rules) {
        return new RdpDoctor(
                rules,
                JdbcSessionStore.open(
                        "jdbc:h2:mem:ui-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
    }

    /** The absolute URL of {@code path} (which starts with a slash). */
    String url(String path) {
        return origin("127.0.0.1") + path;
    }

    /** The app's origin under another name for loopback, such as one a browser maps to it. */
    String origin(String host) {
        return "http://" + host + ":" + port();
    }

    int port() {
        return app.port();
    }

    RdpDoctor doctor() {
        return doctor;
    }

    @Override
    public void close() {
        app.stop();
        doctor.close();
    }
}
