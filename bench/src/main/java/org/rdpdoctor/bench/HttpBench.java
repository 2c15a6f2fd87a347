package org.rdpdoctor.bench;

import com.sun.management.OperatingSystemMXBean;
import io.javalin.Javalin;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.store.JdbcSessionStore;
import org.rdpdoctor.store.SessionStore;
import org.rdpdoctor.web.WebApp;

/**
 * HTTP load on loopback: wrk against the real server and, in the same run, against a Javalin
 * hello-world app and a durable hello-world (the same app storing one new session per request
 * through the server's own store, so each request commits and waits for its group commit, but
 * runs no rules), then a table of requests/s and latency percentiles for all three and the ratios.
 *
 * <p>Both apps run in this JVM, each on its own 127.0.0.1 port. The real one is built as {@code
 * serve} builds it ({@code WebApp.create} over the real knowledge base, an embedded H2 file
 * database in a temporary folder), without the folder watcher and the admin pages, which no request
 * here reaches. Each target gets a warm-up run of wrk, then the measured run ({@code wrk -t2 -c64
 * -d20s --latency}); the real one with {@code bench/wrk/helpdesk.lua}, a helpdesk client that
 * starts sessions, answers their questions and reads them back.
 *
 * <p>Beside each run's figures the table shows what the rest of the machine did meanwhile, from
 * /proc/stat: the CPU time of every other process (the machine's busy time less this JVM's and
 * wrk's), I/O wait and steal, so that noise from the machine can be told from variation inside
 * this JVM.
 *
 * <p>Run: {@code java -cp bench/target/rdp-doctor-bench.jar org.rdpdoctor.bench.HttpBench [seconds
 * [connections]]} (defaults 20 and 64); needs {@code wrk} ({@code apt-get install -y wrk}).
 */
public final class HttpBench {
    private static final String HOST = "127.0.0.1";

    /** wrk threads; wrk needs at least one connection per thread. */
    private static final int THREADS = 2;

    /** Hello-world is at full speed in seconds; the JIT compiles the API's code for minutes. */
    private static final int HELLO_WARM_UP_SECONDS = 10;

    private static final int API_WARM_UP_SECONDS = 60;

    /** What the durable hello-world stores: a session's first event, as the API's start does. */
    private static final Event HELLO_STARTED = new Event.Started("0x904", "0x7", null, null, null);

    private static final SessionStore.Snapshot HELLO_SNAPSHOT =
            new SessionStore.Snapshot(
                    DiagnosisState.Status.ASKING.id(), false, null, Map.of(), "hello");

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern MAX = Pattern.compile("Latency\\s+\\S+\\s+\\S+\\s+(\\S+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile(
                    "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern MIX = Pattern.compile("mix: .*");
    private static final Pattern TIME = Pattern.compile("([\\d.]+)(us|ms|s|m)");

    private HttpBench() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Path home = Bench.home();
        Path script = home.resolve("bench/wrk/helpdesk.lua");
        try (ScratchFolder scratch = new ScratchFolder("rdp-doctor-http");
                RdpDoctor doctor =
                        new RdpDoctor(
                                Bench.load(),
                                JdbcSessionStore.open(scratch.h2Url("sessions"), null, null));
                JdbcSessionStore written =
                        JdbcSessionStore.open(scratch.h2Url("hello"), null, null)) {
            Javalin api = WebApp.create(doctor, home.resolve("templates"), null).start(HOST, 0);
            Javalin hello =
                    Javalin.create(config -> config.showJavalinBanner = false)
                            .get("/", ctx -> ctx.result("Hello World"))
                            .get(
                                    "/durable",
                                    ctx -> {
                                        written.create(List.of(HELLO_STARTED), HELLO_SNAPSHOT);
                                        ctx.result("Hello World");
                                    })
                            .start(HOST, 0);
            try {
                String helloUrl = "http://" + HOST + ":" + hello.port() + "/";
                String apiUrl = "http://" + HOST + ":" + api.port();
                Run helloRun =
                        measure(
                                "hello-world",
                                helloUrl,
                                null,
                                HELLO_WARM_UP_SECONDS,
                                seconds,
                                connections);
                Run durableRun =
                        measure(
                                "durable hello-world",
                                helloUrl + "durable",
                                null,
                                API_WARM_UP_SECONDS,
                                seconds,
                                connections);
                Run apiRun =
                        measure(
                                "rdp-doctor API",
                                apiUrl,
                                script,
                                API_WARM_UP_SECONDS,
                                seconds,
                                connections);
                report(List.of(helloRun, durableRun, apiRun), seconds, connections);
            } finally {
                hello.stop();
                api.stop();
            }
        }
    }

    /** One measured wrk run against a target, after a warm-up run whose figures are dropped. */
    private static Run measure(
            String name, String url, Path script, int warmUp, int seconds, int connections)
            throws IOException, InterruptedException {
        System.out.printf("# %s: warm-up, %d s%n", name, warmUp);
        wrk(url, script, warmUp, connections);
        System.out.printf("# %s: measuring, %d s%n", name, seconds);
        String loadBefore = LoadAverage.now();
        long cpuBefore = serverCpuNanos();
        double wrkCpuBefore = childrenCpuSeconds();
        MachineCpu machineBefore = MachineCpu.now();
        String out = wrk(url, script, seconds, connections);
        MachineCpu machine = MachineCpu.now().minus(machineBefore);
        double serverCpu = (serverCpuNanos() - cpuBefore) / 1e9;
        double wrkCpu = childrenCpuSeconds() - wrkCpuBefore;
        System.out.print(out);
        return Run.parse(
                name, out, serverCpu, wrkCpu, machine, loadBefore, LoadAverage.now());
    }

    private static String wrk(String url, Path script, int seconds, int connections)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "wrk",
                                "-t" + Math.min(THREADS, connections),
                                "-c" + connections,
                                "-d" + seconds + "s",
                                "--timeout",
                                "10s",
                                "--latency"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process wrk;
        try {
            wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run wrk; install it: apt-get install -y wrk", e);
        }
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        return out;
    }

    private static void report(List<Run> runs, int seconds, int connections) {
        System.out.printf(
                "%nwrk -t%d -c%d -d%ds --latency, after a warm-up of %d s (hello-world) and %d s"
                        + " (durable hello-world, API)%n%n",
                Math.min(THREADS, connections),
                connections,
                seconds,
                HELLO_WARM_UP_SECONDS,
                API_WARM_UP_SECONDS);
        System.out.println(
                "| target | requests | req/s | p50 | p90 | p99 | max | non-2xx | socket errors"
                        + " | server CPU per request | wrk CPU | other processes' CPU | I/O wait"
                        + " | steal | load average before → after |");
        System.out.println(
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Run r : runs) {
            System.out.printf(
                    "| %s | %,d | %,.0f | %s | %s | %s | %s | %d | %d | %.3f ms | %.1f s of %d s"
                            + " | %.1f s | %.1f s | %.1f s | %s → %s |%n",
                    r.name(),
                    r.requests(),
                    r.rate(),
                    ms(r.p50()),
                    ms(r.p90()),
                    ms(r.p99()),
                    ms(r.max()),
                    r.non2xx(),
                    r.socketErrors(),
                    r.serverCpu() * 1000 / r.requests(),
                    r.wrkCpu(),
                    seconds,
                    r.machine().busy() - r.serverCpu() - r.wrkCpu(),
                    r.machine().ioWait(),
                    r.machine().steal(),
                    r.loadBefore(),
                    r.loadAfter());
        }
        Run hello = runs.get(0);
        Run durable = runs.get(1);
        Run api = runs.get(2);
        System.out.println();
        api.mix().ifPresent(System.out::println);
        System.out.printf(
                "API req/s / hello-world req/s: %.1f %% (goal ≥ 50 %%)%n",
                100 * api.rate() / hello.rate());
        System.out.printf(
                "API req/s / durable hello-world req/s: %.1f %%%n",
                100 * api.rate() / durable.rate());
        System.out.printf("API p99: %s (goal ≤ 20 ms)%n", ms(api.p99()));
        if (api.non2xx() > 0 || api.socketErrors() > 0) {
            System.out.println(
                    "WARNING: the API run had failed requests; its figures are not valid");
        }
    }

    private static String ms(double millis) {
        return millis < 10 ? String.format("%.2f ms", millis) : String.format("%.1f ms", millis);
    }

    /** CPU time of this JVM: both servers, the JIT and the garbage collector. */
    private static long serverCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** User + system CPU of the children this JVM has waited for (cutime, cstime). */
    private static double childrenCpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 of proc(5); cutime and cstime are fields 16 and 17.
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14]))
                / MachineCpu.TICKS_PER_SECOND;
    }

    /** One measured run, parsed from wrk's output; times in milliseconds. */
    private record Run(
            String name,
            long requests,
            double rate,
            double p50,
            double p90,
            double p99,
            double max,
            long non2xx,
            long socketErrors,
            double serverCpu,
            double wrkCpu,
            MachineCpu machine,
            String loadBefore,
            String loadAfter,
            Optional<String> mix) {

        static Run parse(
                String name,
                String out,
                double serverCpu,
                double wrkCpu,
                MachineCpu machine,
                String loadBefore,
                String loadAfter) {
            Matcher errors = SOCKET_ERRORS.matcher(out);
            long socketErrors = 0;
            if (errors.find()) {
                for (int i = 1; i <= 4; i++) {
                    socketErrors += Long.parseLong(errors.group(i));
                }
            }
            Matcher non2xx = NON_2XX.matcher(out);
            Matcher mix = MIX.matcher(out);
            return new Run(
                    name,
                    Long.parseLong(find(REQUESTS, out)),
                    Double.parseDouble(find(RATE, out)),
                    millis(find(percentile(50), out)),
                    millis(find(percentile(90), out)),
                    millis(find(percentile(99), out)),
                    millis(find(MAX, out)),
                    non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
                    socketErrors,
                    serverCpu,
                    wrkCpu,
                    machine,
                    loadBefore,
                    loadAfter,
                    mix.find() ? Optional.of(mix.group()) : Optional.empty());
        }

        private static Pattern percentile(int p) {
            return Pattern.compile("(?m)^\\s+" + p + "%\\s+(\\S+)\\s*$");
        }

        private static String find(Pattern pattern, String out) {
            Matcher m = pattern.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("no '" + pattern + "' in wrk's output:\n" + out);
            }
            return m.group(1);
        }

        /** wrk's times ("635.91us", "1.02ms", "2.13s", "1.50m") in milliseconds. */
        private static double millis(String text) {
            Matcher m = TIME.matcher(text);
            if (!m.matches()) {
                throw new IllegalStateException("not a wrk time: " + text);
            }
            double value = Double.parseDouble(m.group(1));
            return switch (m.group(2)) {
                case "us" -> value / 1000;
                case "ms" -> value;
                case "s" -> value * 1000;
                default -> value * 60_000;
            };
        }
    }
}
