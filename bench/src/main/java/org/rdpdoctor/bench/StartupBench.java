package org.rdpdoctor.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.rdpdoctor.KnowledgeReloader;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.ReloadStatus;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.store.JdbcSessionStore;

/**
 * Cold start and hot reload.
 *
 * <p>Cold start: N times, {@code java -jar <jar> serve --port P --db <new H2 file>} as a child
 * process in the repository folder (so it reads the real kb/, rules/ and templates/), timed from
 * just before the process is started until its port accepts a connection, and until {@code GET /}
 * answers 200; then the child is stopped with SIGTERM, as a service manager would.
 *
 * <p>Hot reload: in this JVM, a server's {@link KnowledgeReloader} over a copy of kb/ and rules/
 * reloads N times. Before each reload one comment line is appended to a copy of a DRL file: the
 * rules do not change but the knowledge version does, so each reload runs the whole gate (compile,
 * id checks, quick lint, every scenario) and puts the new rule base in force. Then N reloads of
 * unchanged files, which compile and stop there, show what the gate adds.
 *
 * <p>Run: {@code java -cp bench/target/rdp-doctor-bench.jar org.rdpdoctor.bench.StartupBench
 * target/rdp-doctor.jar [runs]} (default 5 runs).
 */
public final class StartupBench {
    private static final String HOST = "127.0.0.1";
    private static final Duration START_LIMIT = Duration.ofMinutes(2);

    private StartupBench() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: StartupBench <rdp-doctor.jar> [runs]");
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(
                    jar + " is not a file: build it with mvn -q package -DskipTests -DskipITs");
        }
        String loadBefore = LoadAverage.now();
        coldStarts(jar, runs);
        reloads(runs);
        System.out.printf(
                "%nload average before → after: %s → %s%n", loadBefore, LoadAverage.now());
    }

    private static void coldStarts(Path jar, int runs) throws IOException, InterruptedException {
        System.out.println("## Cold start: java -jar " + jar + " serve");
        System.out.println("| run | port accepts | GET / is 200 |");
        System.out.println("|---:|---:|---:|");
        double[] listening = new double[runs];
        double[] firstPage = new double[runs];
        for (int i = 0; i < runs; i++) {
            double[] times = coldStart(jar);
            listening[i] = times[0];
            firstPage[i] = times[1];
            System.out.printf("| %d | %.2f s | %.2f s |%n", i + 1, listening[i], firstPage[i]);
        }
        System.out.printf(
                "| median (min–max) | %s | %s |%n", summary(listening), summary(firstPage));
    }

    /** One cold start: seconds until the port accepts a connection, and until GET / is 200. */
    private static double[] coldStart(Path jar) throws IOException, InterruptedException {
        try (ScratchFolder scratch = new ScratchFolder("rdp-doctor-start")) {
            int port = freePort();
            Path log = scratch.path().resolve("server.log");
            ProcessBuilder builder =
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString(),
                                    "-jar",
                                    jar.toString(),
                                    "serve",
                                    "--port",
                                    String.valueOf(port),
                                    "--db",
                                    scratch.h2Url("sessions"))
                            .directory(Bench.home().toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile());
            long start = System.nanoTime();
            Process server = builder.start();
            try {
                waitForPort(server, port, start, log);
                double listening = (System.nanoTime() - start) / 1e9;
                int status = firstPageStatus(port);
                double firstPage = (System.nanoTime() - start) / 1e9;
                if (status != 200) {
                    throw new IllegalStateException(
                            "GET / answered " + status + "; server log: " + log);
                }
                return new double[] {listening, firstPage};
            } finally {
                server.destroy();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static void waitForPort(Process server, int port, long start, Path log)
            throws IOException, InterruptedException {
        while (true) {
            if (!server.isAlive()) {
                throw new IllegalStateException(
                        "the server ended with exit code "
                                + server.exitValue()
                                + ":\n"
                                + Files.readString(log));
            }
            if (System.nanoTime() - start > START_LIMIT.toNanos()) {
                throw new IllegalStateException("the server did not listen within " + START_LIMIT);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (ConnectException e) {
                Thread.sleep(10);
            }
        }
    }

    private static int firstPageStatus(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + "/"))
                        .timeout(Duration.ofSeconds(30))
                        .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static void reloads(int runs) throws IOException {
        try (ScratchFolder scratch = new ScratchFolder("rdp-doctor-reload")) {
            Path kb = scratch.copyIn(Bench.home().resolve("kb"), "kb");
            Path rules = scratch.copyIn(Bench.home().resolve("rules"), "rules");
            Path drl;
            try (Stream<Path> files = Files.list(rules)) {
                drl =
                        files.filter(p -> p.toString().endsWith(".drl"))
                                .sorted()
                                .findFirst()
                                .orElseThrow();
            }
            try (RdpDoctor doctor =
                            new RdpDoctor(
                                    RuleBase.load(kb, rules),
                                    JdbcSessionStore.open(scratch.h2Url("sessions"), null, null));
                    KnowledgeReloader reloader = new KnowledgeReloader(doctor, kb, rules)) {
                ReloadStatus first = reloader.status();
                System.out.printf(
                        "%n## Hot reload: %d causes, %d rules, %d scenarios%n",
                        first.causes(), first.rules(), first.scenarios());
                System.out.println("| run | changed rules: whole gate, loaded | unchanged files |");
                System.out.println("|---:|---:|---:|");
                double[] changed = new double[runs];
                double[] unchanged = new double[runs];
                for (int i = 0; i < runs; i++) {
                    Files.writeString(
                            drl, "\n// reload " + (i + 1) + "\n", StandardOpenOption.APPEND);
                    changed[i] = reload(reloader, ReloadStatus.Outcome.LOADED);
                }
                for (int i = 0; i < runs; i++) {
                    unchanged[i] = reload(reloader, ReloadStatus.Outcome.UNCHANGED);
                }
                for (int i = 0; i < runs; i++) {
                    System.out.printf(
                            "| %d | %.2f s | %.2f s |%n", i + 1, changed[i], unchanged[i]);
                }
                System.out.printf(
                        "| median (min–max) | %s | %s |%n", summary(changed), summary(unchanged));
            }
        }
    }

    /** Seconds one {@code reloadNow()} took; fails unless it ended with {@code expected}. */
    private static double reload(KnowledgeReloader reloader, ReloadStatus.Outcome expected) {
        long start = System.nanoTime();
        ReloadStatus status = reloader.reloadNow();
        double seconds = (System.nanoTime() - start) / 1e9;
        ReloadStatus.Attempt attempt = status.lastAttempt();
        if (attempt.outcome() != expected) {
            throw new IllegalStateException(
                    "reload ended "
                            + attempt.outcome()
                            + ", not "
                            + expected
                            + ": "
                            + attempt.problems());
        }
        return seconds;
    }

    /** "median (min–max)" of seconds. */
    private static String summary(double[] seconds) {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median =
                sorted.length % 2 == 1
                        ? sorted[sorted.length / 2]
                        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return String.format("%.2f s (%.2f–%.2f s)", median, sorted[0], sorted[sorted.length - 1]);
    }
}
