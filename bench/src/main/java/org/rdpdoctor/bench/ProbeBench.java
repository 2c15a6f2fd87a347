package org.rdpdoctor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.probe.ProbeReport;
import org.rdpdoctor.probe.ProbeResult;
import org.rdpdoctor.probe.ProbeRunner;
import org.rdpdoctor.probe.ProbeTarget;

/**
 * Time to verdict of the probes for a refused, an open and a filtered port on 127.0.0.1. Each case
 * is measured twice: in this (warm) JVM through {@code new ProbeRunner().run(target, 5 s)}, as the
 * {@code probe} command calls it, after a few unmeasured runs; and as the wall time of the command
 * itself, {@code java -jar MAIN_JAR probe 127.0.0.1:PORT --json}, a fresh JVM per run, whose JSON
 * report also gives its own (cold) times. The probes' results carry their time from the start of
 * the run, so the TCP verdict is the tcp result's. Every run is checked: the TCP verdict must be
 * the case's, and an open port must get through TLS. A last table splits the command's start-up
 * (see {@link #startUp}).
 *
 * <p>Refused: a free port where nothing listens. Open: a real xrdp when installed and run as root,
 * from a copy of /etc/xrdp/xrdp.ini as Debian ships it (fork=true, security_layer=negotiate) but on
 * a free port; and a minimal RDP listener of the bench's own (X.224 Connection Confirm selecting
 * TLS, then TLS 1.3 with a self-signed RSA 2048 certificate). Filtered: the given port, which must
 * drop packets. The SYNs dropped are the kernel's ListenOverflows (Linux) during the runs: connects
 * that waited for a retransmission because a listener's accept queue was full.
 *
 * <p>{@code bench/probe-bench.sh} runs this class in a private network namespace whose iptables
 * rule drops TCP to the filtered port, so the counter holds only the bench's own traffic. Run:
 * {@code bench/probe-bench.sh 7}; without the filtered case, and counting the machine's drops, also
 * {@code java -cp bench/target/rdp-doctor-bench.jar org.rdpdoctor.bench.ProbeBench 7
 * target/rdp-doctor.jar}.
 */
public final class ProbeBench {
    private static final int WARM_UP = 5;
    private static final String LOOPBACK = "127.0.0.1";
    private static final Path XRDP = Path.of("/usr/sbin/xrdp");
    private static final Path XRDP_CONFIG = Path.of("/etc/xrdp/xrdp.ini");
    private static final Path XRDP_KEY = Path.of("/etc/xrdp/key.pem");
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Pattern HANDSHAKE = Pattern.compile("handshake TLS.* in ([0-9.]+) (ms|s)");

    /** A port to probe, and the tcp-connect evidence the probes must find there. */
    private record Case(String name, int port, String tcpConnect) {
        boolean isOpen() {
            return tcpConnect.equals("open");
        }
    }

    private ProbeBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ProbeBench RUNS MAIN_JAR [FILTERED_PORT]");
        }
        int runs = Integer.parseInt(args[0]);
        Path jar = Path.of(args[1]);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no rdp-doctor jar at " + jar + ": build it first");
        }
        System.out.printf(
                "# %d runs per case after %d unmeasured ones (1 when filtered); load average"
                        + " %.2f%n",
                runs, WARM_UP, loadAverage());
        Case refused = new Case("refused", freePort(), "refused");
        List<Case> cases = new ArrayList<>(List.of(refused));
        try (ScratchFolder scratch = new ScratchFolder("probe-bench");
                Xrdp xrdp = Xrdp.isUsable() ? Xrdp.start(scratch.path()) : null;
                FakeRdpListener fake = new FakeRdpListener(selfSigned(scratch.path()))) {
            Path dir = scratch.path();
            if (xrdp == null) {
                System.out.println("# open (xrdp): left out, xrdp is not installed or not root");
            } else {
                cases.add(new Case("open (xrdp)", xrdp.port(), "open"));
            }
            Case open = new Case("open (fake listener)", fake.port(), "open");
            cases.add(open);
            if (args.length > 2) {
                cases.add(new Case("filtered", Integer.parseInt(args[2]), "filtered"));
            } else {
                System.out.println("# filtered: left out, no port given (see probe-bench.sh)");
            }
            Map<String, Run> startUpRuns = startUp(jar, dir, refused, open);
            Map<Case, Measured> warm = new LinkedHashMap<>();
            Map<Case, Measured> cold = new LinkedHashMap<>();
            Map<String, Measured> startUp = new LinkedHashMap<>();
            for (Case c : cases) {
                for (int i = 0; i < (c.tcpConnect().equals("filtered") ? 1 : WARM_UP); i++) {
                    probe(c);
                }
                warm.put(c, new Measured());
                cold.put(c, new Measured());
            }
            startUpRuns.keySet().forEach(command -> startUp.put(command, new Measured()));
            // In rounds, each case and command once a round: all see the same changing load.
            for (int i = 0; i < runs; i++) {
                for (Case c : cases) {
                    warm.get(c).add(() -> probe(c));
                    cold.get(c).add(() -> command(c, jar, dir, List.of()));
                }
                for (Map.Entry<String, Run> command : startUpRuns.entrySet()) {
                    startUp.get(command.getKey()).add(command.getValue());
                }
            }
            print(warm, cold);
            printStartUp(startUp);
        }
        System.out.printf("# load average %.2f at the end%n", loadAverage());
    }

    /** One probe run: the times it took, by name, in ms. */
    private interface Run {
        Map<String, Double> times() throws Exception;
    }

    /** The times of several runs of one kind, in run order, and the SYNs dropped during them. */
    private static final class Measured {
        private final Map<String, List<Double>> times = new LinkedHashMap<>();
        private long dropped;

        void add(Run run) throws Exception {
            long before = listenOverflows();
            run.times()
                    .forEach(
                            (name, ms) ->
                                    times.computeIfAbsent(name, n -> new ArrayList<>()).add(ms));
            dropped += listenOverflows() - before;
        }

        /** {@code 12.3 (11.9-14.0)}: the median and the range, divided by {@code unit}. */
        String stats(String name, double unit, int decimals) {
            if (!times.containsKey(name)) {
                return "-";
            }
            List<Double> sorted = times.get(name).stream().map(v -> v / unit).sorted().toList();
            String format = "%." + decimals + "f";
            return String.format(
                    Locale.ROOT,
                    format + " (" + format + "-" + format + ")",
                    sorted.get(sorted.size() / 2),
                    sorted.get(0),
                    sorted.get(sorted.size() - 1));
        }
    }

    /**
     * One run through the Java API, as the probe command calls it: each probe's time and the run's.
     */
    private static Map<String, Double> probe(Case c) {
        ProbeReport report =
                new ProbeRunner()
                        .run(
                                new ProbeTarget(LOOPBACK, c.port(), null),
                                ProbeRunner.DEFAULT_DEADLINE);
        Map<String, String> values = new LinkedHashMap<>();
        report.evidence().forEach(e -> values.put(e.kind(), e.value()));
        check(c, values, report);
        Map<String, Double> times = new LinkedHashMap<>();
        for (ProbeResult result : report.results()) {
            times.put(result.name(), result.elapsedMillis());
            result.raw().forEach(line -> handshake(line, times));
        }
        times.put("run", report.elapsedMillis());
        return times;
    }

    /**
     * Where the command's start-up goes, on the refused and the fake open port: the command line
     * alone ({@code --version}), the probe with text output, with JSON, and with JSON from an
     * AppCDS archive that one unmeasured JSON run on the open port writes here.
     */
    private static Map<String, Run> startUp(Path jar, Path dir, Case refused, Case open)
            throws Exception {
        Path archive = dir.resolve("probe.jsa");
        launch(
                jar,
                dir,
                List.of("-XX:ArchiveClassesAtExit=" + archive),
                "probe",
                address(open),
                "--json");
        List<String> cds = List.of("-XX:SharedArchiveFile=" + archive);
        Map<String, Run> commands = new LinkedHashMap<>();
        commands.put(
                "`--version` (JVM and command line only)",
                () -> Map.of("wall", launch(jar, dir, List.of(), "--version").wall()));
        commands.put(
                "`probe` refused, text",
                () ->
                        Map.of(
                                "wall",
                                launch(jar, dir, List.of(), "probe", address(refused)).wall()));
        commands.put("`probe` refused, `--json`", () -> command(refused, jar, dir, List.of()));
        commands.put("`probe` refused, `--json`, AppCDS", () -> command(refused, jar, dir, cds));
        commands.put(
                "`probe` open (fake listener), `--json`", () -> command(open, jar, dir, List.of()));
        commands.put(
                "`probe` open (fake listener), `--json`, AppCDS",
                () -> command(open, jar, dir, cds));
        return commands;
    }

    private static String address(Case c) {
        return LOOPBACK + ":" + c.port();
    }

    /** One run of the probe command in a fresh JVM: its report's times and its wall time. */
    private static Map<String, Double> command(Case c, Path jar, Path dir, List<String> options)
            throws Exception {
        Launch launch = launch(jar, dir, options, "probe", address(c), "--json");
        JsonNode report = Json.mapper().readTree(launch.out());
        Map<String, String> values = new LinkedHashMap<>();
        report.get("evidence")
                .forEach(e -> values.put(e.get("kind").asText(), e.get("value").asText()));
        check(c, values, report);
        Map<String, Double> times = new LinkedHashMap<>();
        for (JsonNode result : report.get("results")) {
            times.put(result.get("name").asText(), result.get("elapsedMillis").asDouble());
            result.get("raw").forEach(line -> handshake(line.asText(), times));
        }
        times.put("run", report.get("elapsedMillis").asDouble());
        times.put("wall", launch.wall());
        return times;
    }

    /** What a fresh JVM running the jar printed, and its wall time from start to exit in ms. */
    private record Launch(String out, double wall) {}

    /** Runs {@code java OPTIONS -jar JAR ARGS} to its end; fails unless it exits with 0. */
    private static Launch launch(Path jar, Path dir, List<String> options, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        Path errors = dir.resolve("command-errors.txt");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        int status = process.waitFor();
        double wall = (System.nanoTime() - start) / 1e6;
        if (status != 0) {
            throw new IllegalStateException(
                    command + " ended with " + status + ": " + Files.readString(errors));
        }
        return new Launch(new String(out, StandardCharsets.UTF_8), wall);
    }

    /** The TLS handshake's own time, from the tls probe's raw line that gives it. */
    private static void handshake(String raw, Map<String, Double> times) {
        Matcher m = HANDSHAKE.matcher(raw);
        if (m.matches()) {
            times.put(
                    "handshake",
                    Double.parseDouble(m.group(1)) * (m.group(2).equals("s") ? 1000 : 1));
        }
    }

    /** Fails unless the TCP verdict is the case's and, on an open port, TLS worked. */
    private static void check(Case c, Map<String, String> values, Object report) {
        boolean tlsOk = "ok".equals(values.get("tls-handshake"));
        if (!c.tcpConnect().equals(values.get("tcp-connect")) || c.isOpen() != tlsOk) {
            throw new IllegalStateException(
                    c.name() + " on port " + c.port() + " measured something else: " + report);
        }
    }

    private static void print(Map<Case, Measured> warm, Map<Case, Measured> cold) {
        System.out.printf(
                "%nWarm JVM, ProbeRunner.run: ms from the start of the run, median (min-max)%n%n");
        System.out.println(
                "| case | tcp verdict | rdp-negotiation | tls | TLS handshake itself | whole run |"
                        + " SYNs dropped |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        warm.forEach(
                (c, m) ->
                        System.out.printf(
                                "| %s | %s | %s | %s | %s | %s | %d |%n",
                                c.name(),
                                m.stats("tcp", 1, 1),
                                m.stats("rdp-negotiation", 1, 1),
                                m.stats("tls", 1, 1),
                                m.stats("handshake", 1, 1),
                                m.stats("run", 1, 1),
                                m.dropped));
        System.out.printf(
                "%nProbe command, a fresh JVM per run: its report's times (ms) and its wall time"
                        + " (s), median (min-max)%n%n");
        System.out.println(
                "| case | tcp verdict | rdp-negotiation | tls | TLS handshake itself | whole run |"
                        + " wall time | SYNs dropped |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        cold.forEach(
                (c, m) ->
                        System.out.printf(
                                "| %s | %s | %s | %s | %s | %s | %s s | %d |%n",
                                c.name(),
                                m.stats("tcp", 1, 1),
                                m.stats("rdp-negotiation", 1, 1),
                                m.stats("tls", 1, 1),
                                m.stats("handshake", 1, 1),
                                m.stats("run", 1, 1),
                                m.stats("wall", 1000, 2),
                                m.dropped));
    }

    private static void printStartUp(Map<String, Measured> startUp) {
        System.out.printf(
                "%nProbe command start-up, a fresh JVM per run: the run (ms, from its report) and"
                        + " the wall time (s), median (min-max)%n%n");
        System.out.println("| command | whole run | wall time |");
        System.out.println("|---|---:|---:|");
        startUp.forEach(
                (command, m) ->
                        System.out.printf(
                                "| %s | %s | %s s |%n",
                                command, m.stats("run", 1, 1), m.stats("wall", 1000, 2)));
    }

    /**
     * SYNs the kernel dropped because a listener's accept queue was full, so far: in the network
     * namespace of this JVM (all of them when the bench runs in its own one).
     */
    private static long listenOverflows() throws IOException {
        List<String> tcpExt =
                Files.readAllLines(Path.of("/proc/net/netstat")).stream()
                        .filter(line -> line.startsWith("TcpExt:"))
                        .toList();
        List<String> names = List.of(tcpExt.get(0).split(" "));
        return Long.parseLong(tcpExt.get(1).split(" ")[names.indexOf("ListenOverflows")]);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A TLS server context with a new self-signed RSA 2048 certificate for localhost. */
    private static SSLContext selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("fake-rdp.p12");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString()));
        command.addAll(
                List.of(
                        ("-genkeypair -alias server -keyalg RSA -keysize 2048 -dname CN=localhost"
                                        + " -ext san=dns:localhost,ip:127.0.0.1 -validity 30"
                                        + " -storetype PKCS12 -storepass "
                                        + new String(PASSWORD))
                                .split(" ")));
        command.addAll(List.of("-keystore", store.toString()));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory factory =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A minimal RDP listener on 127.0.0.1, as a server with negotiated security and no NLA: a
     * Connection Request that offers TLS gets a Connection Confirm selecting TLS (0x1) and then a
     * TLS handshake; any other gets Standard RDP Security (0x0). One thread per connection.
     */
    private static final class FakeRdpListener implements AutoCloseable {
        private static final int SSL = 0x1;
        private final ServerSocket server;
        private final SSLContext tls;

        FakeRdpListener(SSLContext tls) throws IOException {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.tls = tls;
            daemon("fake-rdp-accept", this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    daemon("fake-rdp-connection", () -> answer(socket));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void answer(Socket socket) {
            try (socket) {
                socket.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] header = new byte[4];
                in.readFully(header);
                byte[] request =
                        new byte[Math.max(0, ((header[2] & 0xFF) << 8 | header[3] & 0xFF) - 4)];
                in.readFully(request);
                boolean offersTls =
                        request.length >= 15 && request[7] == 1 && (request[11] & SSL) != 0;
                OutputStream out = socket.getOutputStream();
                out.write(confirm(offersTls ? SSL : 0));
                out.flush();
                InputStream rest = in;
                if (offersTls) {
                    SSLSocket secure =
                            (SSLSocket) tls.getSocketFactory().createSocket(socket, null, true);
                    secure.setUseClientMode(false);
                    secure.startHandshake();
                    rest = secure.getInputStream();
                }
                while (rest.read() >= 0) {
                    // Nothing more matters: wait until the probe closes the connection.
                }
            } catch (IOException e) {
                // The probe closed the connection (the TCP samples send nothing): all done.
            }
        }

        /** TPKT, X.224 Connection Confirm, RDP_NEG_RSP (flags 0x1) selecting {@code protocol}. */
        private static byte[] confirm(int protocol) {
            byte[] confirm = HexFormat.of().parseHex("030000130ed000001234000201080000000000");
            confirm[15] = (byte) protocol;
            return confirm;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /**
     * Debian's xrdp on 127.0.0.1 and a free port, from a private copy of its configuration. As root
     * it reads /etc/xrdp/key.pem and offers TLS; otherwise it quietly offers Standard RDP Security
     * only, so the bench leaves it out.
     */
    private static final class Xrdp implements AutoCloseable {
        private final Process process;
        private final int port;

        private Xrdp(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static boolean isUsable() {
            return Files.isExecutable(XRDP) && Files.isReadable(XRDP_KEY);
        }

        static Xrdp start(Path dir) throws IOException, InterruptedException {
            int port = freePort();
            Path config = dir.resolve("xrdp.ini");
            Files.writeString(
                    config,
                    Files.readString(XRDP_CONFIG)
                            .replaceFirst("(?m)^port=.*$", "port=tcp://" + LOOPBACK + ":" + port)
                            .replaceFirst("(?m)^security_layer=.*$", "security_layer=negotiate")
                            .replaceFirst("(?m)^LogFile=.*$", "LogFile=" + dir.resolve("xrdp.log"))
                            .replaceFirst("(?m)^EnableSyslog=.*$", "EnableSyslog=false"));
            Process process =
                    new ProcessBuilder(XRDP.toString(), "--nodaemon", "--config", config.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("xrdp.out").toFile())
                            .start();
            Xrdp xrdp = new Xrdp(process, port);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!xrdp.accepts()) {
                if (!process.isAlive() || System.nanoTime() > end) {
                    xrdp.close();
                    throw new IllegalStateException(
                            "xrdp did not listen on "
                                    + port
                                    + "; it wrote:\n"
                                    + Files.readString(dir.resolve("xrdp.out")));
                }
                Thread.sleep(50);
            }
            return xrdp;
        }

        int port() {
            return port;
        }

        private boolean accepts() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(LOOPBACK, port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
