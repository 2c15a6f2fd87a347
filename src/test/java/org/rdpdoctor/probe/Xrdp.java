package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * A real xrdp (Debian's package) on 127.0.0.1 and a free port, started from a copy of {@code
 * /etc/xrdp/xrdp.ini} with the given {@code security_layer}. It runs as root so it can read {@code
 * /etc/xrdp/key.pem}; otherwise it quietly falls back to Standard RDP Security.
 */
final class Xrdp implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/xrdp");
    private static final Path CONFIG = Path.of("/etc/xrdp/xrdp.ini");
    private static final Path KEY = Path.of("/etc/xrdp/key.pem");

    private final Process process;
    private final int port;
    private final StringBuffer console = new StringBuffer();
    private volatile CompletableFuture<Boolean> listening;

    private Xrdp(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Skips the test without xrdp, except with CI=true, where a missing xrdp fails it. */
    static void requireInstalled() {
        boolean usable = Files.isExecutable(BINARY) && Files.isReadable(KEY);
        String why =
                "xrdp is not installed ("
                        + BINARY
                        + ") or "
                        + KEY
                        + " is not readable (run as root): apt-get install -y"
                        + " --no-install-recommends xrdp";
        if ("true".equals(System.getenv("CI"))) {
            assertThat(usable).as(why).isTrue();
        } else {
            Assumptions.assumeTrue(usable, why);
        }
    }

    /** Starts xrdp and waits until it has set up its listeners. */
    static Xrdp start(Path dir, String securityLayer) throws IOException {
        int port = FakeRdpServer.closedPort();
        String ini =
                Files.readString(CONFIG)
                        .replaceFirst("(?m)^port=.*$", "port=tcp://127.0.0.1:" + port)
                        .replaceFirst("(?m)^security_layer=.*$", "security_layer=" + securityLayer)
                        .replaceFirst("(?m)^fork=.*$", "fork=false")
                        .replaceFirst("(?m)^LogFile=.*$", "LogFile=" + dir.resolve("xrdp.log"))
                        .replaceFirst("(?m)^EnableSyslog=.*$", "EnableSyslog=false")
                        .replaceFirst("(?m)^#?EnableConsole=.*$", "EnableConsole=true")
                        .replaceFirst("(?m)^#?ConsoleLevel=.*$", "ConsoleLevel=INFO");
        Path config = dir.resolve("xrdp-" + securityLayer + ".ini");
        Files.writeString(config, ini);
        // stdbuf: xrdp's console is block-buffered on a pipe; line buffering shows "listening".
        Process process =
                new ProcessBuilder(
                                "stdbuf",
                                "-oL",
                                BINARY.toString(),
                                "--nodaemon",
                                "--config",
                                config.toString())
                        .redirectErrorStream(true)
                        .start();
        Xrdp xrdp = new Xrdp(process, port);
        try {
            CompletableFuture.supplyAsync(() -> xrdp.waitForListening()).get(20, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            xrdp.close();
            throw new IllegalStateException("xrdp did not start listening on " + port, e);
        }
        return xrdp;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** What xrdp printed so far, and how it ended if it did: for failure messages. */
    String console() {
        return console
                + (process.isAlive() ? "" : "(xrdp exited with " + process.exitValue() + ")");
    }

    private boolean waitForListening() {
        Thread reader = new Thread(this::readConsole, "xrdp-console");
        reader.setDaemon(true);
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        this.listening = listening;
        reader.start();
        return listening.join();
    }

    private void readConsole() {
        BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                console.append(line).append('\n');
                // xrdp 0.9.21 logs "listening to port" before it listens, and this line after.
                if (line.contains("xrdp_listen_pp done")) {
                    listening.complete(true);
                }
            }
        } catch (IOException e) {
            console.append(e).append('\n');
        }
        listening.completeExceptionally(
                new IllegalStateException("xrdp ended before listening:\n" + console));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
