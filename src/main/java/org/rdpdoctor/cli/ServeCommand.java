package org.rdpdoctor.cli;

import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import io.javalin.util.JavalinException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.rdpdoctor.KnowledgeReloader;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.probe.ProbePolicy;
import org.rdpdoctor.store.JdbcSessionStore;
import org.rdpdoctor.web.HostNames;
import org.rdpdoctor.web.Probing;
import org.rdpdoctor.web.TrustedProxies;
import org.rdpdoctor.web.WebApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve}: the web UI and the JSON API, with the session database. */
@Command(name = "serve", description = "Start the web UI and the JSON API (/api/v1).")
final class ServeCommand implements Callable<Integer> {
    /**
     * How long a stop waits for the requests in progress: far longer than a request takes, even one
     * waiting 5 s for the database, and within the 30 s a service manager usually allows.
     */
    static final Duration GRACE = Duration.ofSeconds(20);

    @Mixin KnowledgeOptions knowledge;

    @Option(
            names = "--port",
            defaultValue = "7070",
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only)")
    String host;

    @Option(
            names = "--db",
            defaultValue = "${env:RDP_DOCTOR_DB:-" + JdbcSessionStore.DEFAULT_URL + "}",
            description =
                    "JDBC URL of the session database (default: $RDP_DOCTOR_DB, else ${DEFAULT-VALUE})")
    String db;

    @Option(
            names = "--db-user",
            defaultValue = "${env:RDP_DOCTOR_DB_USER}",
            description = "database user (default: $RDP_DOCTOR_DB_USER)")
    String dbUser;

    @Option(
            names = "--db-password",
            defaultValue = "${env:RDP_DOCTOR_DB_PASSWORD}",
            description = "database password (default: $RDP_DOCTOR_DB_PASSWORD)")
    String dbPassword;

    @Option(
            names = "--templates",
            defaultValue = "templates",
            description = "page templates folder (default: ${DEFAULT-VALUE})")
    Path templates;

    @Option(
            names = "--admin-password",
            defaultValue = "${env:RDP_DOCTOR_ADMIN_PASSWORD}",
            showDefaultValue = Help.Visibility.NEVER,
            description =
                    "password of the admin pages and the admin API, user admin (default:"
                            + " $RDP_DOCTOR_ADMIN_PASSWORD, which other users cannot see as they can a"
                            + " command line; none: no admin pages or admin API)")
    String adminPassword;

    @Option(
            names = "--watch",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "put changes to the knowledge and rules folders in force once they compile and"
                            + " pass their checks (default: on; --no-watch: only from the admin page or API)")
    boolean watch;

    @Option(
            names = "--probe-allow",
            split = ",",
            description =
                    "hosts the web UI and API may probe: names,"
                            + " *.wildcards or CIDR ranges, comma-separated (default: none, probing from the web is off)")
    List<String> probeAllow = new ArrayList<>();

    @Option(
            names = "--probe-ports",
            split = ",",
            defaultValue = "3389",
            description = "RDP ports that may be probed (default: ${DEFAULT-VALUE})")
    Set<Integer> probePorts;

    @Option(
            names = "--probe-rate",
            defaultValue = "6",
            description = "probe runs a client may start per minute (default: ${DEFAULT-VALUE})")
    int probeRate;

    @Option(
            names = "--trusted-proxy",
            paramLabel = "ADDR",
            description =
                    "IP address of a reverse proxy whose X-Forwarded-For names the client, so that"
                            + " the admin lockout and --probe-rate count per client, not per proxy;"
                            + " repeatable (default: none, every client is its own address)")
    List<String> trustedProxy = new ArrayList<>();

    @Option(
            names = "--public-name",
            paramLabel = "NAME",
            description =
                    "a host name the server answers to besides its IP addresses and localhost, such"
                            + " as the public name a reverse proxy passes on in the Host header;"
                            + " repeatable (default: none: a request naming another host is refused,"
                            + " as a web page pointing its own name at this server would)")
    List<String> publicName = new ArrayList<>();

    @Spec CommandSpec spec;

    /** Four numbers with dots: an IPv4 address, or a mistyped one. */
    private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9]+(\\.[0-9]+){3}");

    /**
     * A password in a JDBC URL: {@code ;PASSWORD=…} for H2, {@code ?password=…} for PostgreSQL; it
     * ends at the next setting, or where a message goes on after the URL.
     */
    private static final Pattern PASSWORD_IN_URL =
            Pattern.compile("(?i)(password\\s*=).*?(?=[;&]|:?\\s|$)");

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            spec.commandLine()
                    .getErr()
                    .println("error: --port must be between 0 and 65535, was " + port);
            return 2;
        }
        String badHost = badHost();
        if (badHost != null) {
            spec.commandLine().getErr().println("error: --host '" + host + "' " + badHost);
            return 2;
        }
        List<String> missing = WebApp.missingTemplates(templates);
        if (!missing.isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "error: --templates "
                                    + templates
                                    + (Files.isDirectory(templates)
                                            ? " lacks " + String.join(", ", missing)
                                            : " is not a folder")
                                    + " (the pages ship in the repository's templates/ folder)");
            return 2;
        }
        ProbePolicy probePolicy;
        try {
            // Checked without --probe-allow too, so that a wrong value is named before it matters.
            probePolicy = ProbePolicy.of(probeAllow, probePorts, probeRate);
        } catch (ProbePolicy.InvalidSetting e) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "error: --probe-"
                                    + e.setting().name().toLowerCase(Locale.ROOT)
                                    + ": "
                                    + e.getMessage());
            return 2;
        }
        TrustedProxies proxies;
        try {
            proxies = TrustedProxies.of(trustedProxy);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: --trusted-proxy " + e.getMessage());
            return 2;
        }
        HostNames hosts;
        try {
            hosts = HostNames.of(publicName);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: --public-name " + e.getMessage());
            return 2;
        }
        RuleBase rules = knowledge.load();
        RdpDoctor doctor = new RdpDoctor(rules, JdbcSessionStore.open(db, dbUser, dbPassword));
        KnowledgeReloader reloader =
                new KnowledgeReloader(doctor, knowledge.folder.kb, knowledge.rules);
        Javalin app;
        try {
            if (watch) {
                reloader.watch();
            }
            app =
                    graceful(
                            WebApp.create(
                                            doctor,
                                            templates,
                                            null,
                                            reloader,
                                            adminPassword,
                                            new Probing(doctor, probePolicy),
                                            proxies,
                                            hosts)
                                    .start(host, port));
        } catch (RuntimeException e) {
            reloader.close();
            doctor.close();
            if (e instanceof JavalinBindException bind) {
                spec.commandLine()
                        .getErr()
                        .printf(
                                "error: cannot listen on %s port %d (--host, --port): %s%n",
                                host, port, reason(bind));
                return 1;
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    stop(app, reloader, doctor);
                                    stopped.countDown();
                                },
                                "rdp-doctor-shutdown"));
        printBanner(spec.commandLine().getOut(), rules, app.port());
        stopped.await();
        return 0;
    }

    /**
     * {@code app}, started, made to stop gracefully: a stop takes no new connections and waits up
     * to {@link #GRACE} for the requests in progress (Javalin's Jetty server counts them) before it
     * closes the connections. Only once started: Javalin stops a server that failed to start, and a
     * graceful stop of that fails in turn, hiding why the start failed.
     */
    static Javalin graceful(Javalin app) {
        app.jettyServer().server().setStopTimeout(GRACE.toMillis());
        return app;
    }

    /**
     * Stops serving, as SIGTERM or Ctrl-C does: stops watching the knowledge, lets the requests in
     * progress finish (up to {@link #GRACE}), then closes the database, which they may still be
     * writing to until then.
     */
    static void stop(Javalin app, KnowledgeReloader reloader, RdpDoctor doctor) {
        reloader.close();
        try {
            app.stop();
        } catch (JavalinException e) {
            // Javalin has logged it: requests were still running when the grace ran out.
        } finally {
            doctor.close();
        }
    }

    /**
     * Why {@code --host} cannot be listened on, or null when it can be tried. Four numbers with
     * dots are never looked up as a name, even when out of range.
     */
    private String badHost() {
        if (DOTTED_NUMBERS.matcher(host).matches()) {
            for (String part : host.split("\\.")) {
                if (part.length() > 3 || Integer.parseInt(part) > 255) {
                    return "is not an IPv4 address (" + part + " > 255)";
                }
            }
        }
        try {
            InetAddress.getByName(host);
            return null;
        } catch (UnknownHostException e) {
            return "does not resolve to an address";
        }
    }

    /** The text with the password of any database URL in it shown as {@code ***}. */
    static String withoutPassword(String text) {
        return PASSWORD_IN_URL.matcher(text).replaceAll("$1***");
    }

    /** The operating system's reason, such as "Address already in use", rather than Javalin's. */
    private static String reason(JavalinBindException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException refused) {
                return refused.getMessage();
            }
        }
        return e.getMessage();
    }

    /** What is being served, where; says whether the admin pages are on, never their password. */
    void printBanner(PrintWriter out, RuleBase rules, int boundPort) {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        out.printf("rdp-doctor is serving on http://%s:%d/%n", shown, boundPort);
        out.printf(
                "  knowledge  %s + %s (version %s, %d causes, %d rules)%n",
                knowledge.folder.kb,
                knowledge.rules,
                rules.version(),
                rules.knowledge().causes().size(),
                rules.rules().size());
        out.printf("  database   %s%n", withoutPassword(db));
        out.printf("  templates  %s%n", templates);
        out.printf("  API        http://%s:%d/api/v1/openapi.json%n", shown, boundPort);
        out.printf(
                "  reload     %s%n",
                watch
                        ? "watching "
                                + knowledge.folder.kb
                                + " and "
                                + knowledge.rules
                                + "; a change goes live once it passes its checks"
                        : "not watching (--no-watch); reload from the admin page or API, or restart");
        out.printf(
                "  probes     %s%n",
                probeAllow.isEmpty()
                        ? "off from the web: no --probe-allow (the probe command works for anyone)"
                        : "allowed for "
                                + String.join(", ", probeAllow)
                                + " on ports "
                                + probePorts
                                + ", at most "
                                + probeRate
                                + " runs a minute per client");
        out.printf(
                "  clients    %s%n",
                trustedProxy.isEmpty()
                        ? "each by its own address (no --trusted-proxy)"
                        : "by X-Forwarded-For when the request comes from "
                                + String.join(", ", trustedProxy));
        out.printf(
                "  names      IP addresses and localhost%s%n",
                publicName.isEmpty()
                        ? " (no --public-name)"
                        : ", " + String.join(", ", publicName));
        out.printf(
                "  admin      %s%n",
                hasAdminPassword()
                        ? "on: http://" + shown + ":" + boundPort + "/admin (user admin)"
                        : "off: no --admin-password or $RDP_DOCTOR_ADMIN_PASSWORD");
        out.flush();
    }

    private boolean hasAdminPassword() {
        return adminPassword != null && !adminPassword.isBlank();
    }
}
