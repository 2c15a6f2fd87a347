package org.rdpdoctor.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of the probes against one target: the deadline, the threads, the connection budget and
 * the steps probes share (the name lookup, the TCP connects whose sockets the negotiation reuses,
 * the socket handed from the negotiation to the TLS probe). Closing it closes every socket it
 * opened.
 */
final class ProbeRun implements AutoCloseable {
    /**
     * The longest a TCP connect waits: long enough for one SYN retransmission (after 1 s), short
     * enough that a filtered port gets its verdict within 3 s of the start, start-up included.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(2500);

    /** The longest a probe waits for an answer once connected (Connection Confirm, TLS). */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(3);

    /**
     * A wait that ends without an answer tells something about the host only when it lasted this
     * long: a connect sends its SYN again after 1 s, and an RDP server answers a request within
     * milliseconds. A shorter one was cut short by the run's deadline and gives no evidence.
     */
    static final Duration TELLING_WAIT = Duration.ofSeconds(1);

    /**
     * At most this many addresses of a name are tried: when the first does not accept, the next
     * ones are tried in the order the system gave them, until one accepts.
     */
    static final int MAX_ADDRESSES = 4;

    private static final AtomicBoolean WARM = new AtomicBoolean();

    private final ProbeTarget target;
    private final Clock clock;
    private final Resolver resolver;
    private final long deadline;
    private final ExecutorService executor;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new ArrayList<>();
    private final ConcurrentHashMap<String, CompletableFuture<Resolution>> lookups =
            new ConcurrentHashMap<>();
    private final CompletableFuture<Optional<TcpSamples>> tcpSamples = new CompletableFuture<>();
    private final AtomicInteger tcpSamplesClaims = new AtomicInteger();
    private final CompletableFuture<TlsHandoff> handoff = new CompletableFuture<>();
    private boolean closed;

    /**
     * @param resolver how names are looked up (the system's resolver, or a test's)
     * @param probeDeadline the moment ({@link System#nanoTime()}) by which probes must be done
     */
    ProbeRun(ProbeTarget target, Clock clock, Resolver resolver, long probeDeadline) {
        this.target = target;
        this.clock = clock;
        this.resolver = resolver;
        this.deadline = probeDeadline;
        AtomicInteger threads = new AtomicInteger();
        this.executor =
                Executors.newCachedThreadPool(
                        task -> {
                            Thread thread = new Thread(task, "probe-" + threads.incrementAndGet());
                            // A name lookup cannot be interrupted; it must not keep the JVM alive.
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    ProbeTarget target() {
        return target;
    }

    Instant now() {
        return clock.instant();
    }

    ExecutorService executor() {
        return executor;
    }

    /** Nanoseconds left before the probes' deadline, never negative. */
    long remainingNanos() {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** A socket timeout: the cap, or less when the deadline is nearer; at least 1 ms. */
    int timeoutMillis(Duration cap) {
        return (int) Math.max(1, Math.min(cap.toMillis(), remainingNanos() / 1_000_000));
    }

    /** Looks the host up once per run; later calls get the same answer. */
    Resolution resolve(String host) {
        CompletableFuture<Resolution> mine = new CompletableFuture<>();
        CompletableFuture<Resolution> existing = lookups.putIfAbsent(host, mine);
        if (existing != null) {
            return existing.join();
        }
        boolean literal = new Endpoint(host, 1).isIpLiteral();
        long start = System.nanoTime();
        try {
            mine.complete(
                    new Resolution(
                            host,
                            literal,
                            Arrays.asList(resolver.addresses(host)),
                            System.nanoTime() - start,
                            ""));
        } catch (UnknownHostException | SecurityException e) {
            mine.complete(
                    new Resolution(
                            host, literal, List.of(), System.nanoTime() - start, e.toString()));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        }
        return mine.join();
    }

    /**
     * The TCP connects to the RDP port, one after the other, made once per run by whichever probe
     * asks first; empty when the name does not resolve. The other probes wait for them, so their
     * traffic does not disturb the latency measurement. The sockets stay open for the negotiation
     * (see {@link TcpSamples#open()}).
     */
    Optional<TcpSamples> tcpSamples() {
        if (tcpSamplesClaims.getAndIncrement() > 0) {
            return tcpSamples.join();
        }
        try {
            Optional<TcpSamples> samples = measureTcp();
            tcpSamples.complete(samples);
            return samples;
        } catch (RuntimeException e) {
            tcpSamples.completeExceptionally(e);
            throw e;
        }
    }

    private Optional<TcpSamples> measureTcp() {
        Resolution resolution = resolve(target.host());
        if (!resolution.resolves()) {
            return Optional.empty();
        }
        warmUp();
        List<TcpOutcome> tried = connectInTurn(resolution, target.port());
        TcpOutcome accepting = tried.get(tried.size() - 1);
        List<TcpOutcome> repeats = new ArrayList<>();
        if (accepting.isOpen()) {
            for (int i = 1; i < TcpSamples.COUNT; i++) {
                repeats.add(connect(accepting.address()));
            }
        }
        return Optional.of(
                new TcpSamples(
                        tried.get(0),
                        tried.subList(1, tried.size()),
                        repeats,
                        resolution.addresses().size() > MAX_ADDRESSES));
    }

    /**
     * Connects to a name's addresses on {@code port} in the order the lookup gave them, as a client
     * does, until one accepts or {@link #MAX_ADDRESSES} were tried.
     *
     * @param resolution a lookup that resolved
     * @return the connects made, in order: the first address's first, one that accepts last
     */
    List<TcpOutcome> connectInTurn(Resolution resolution, int port) {
        List<InetAddress> addresses = resolution.addresses();
        List<TcpOutcome> tried = new ArrayList<>();
        for (InetAddress address :
                addresses.subList(0, Math.min(addresses.size(), MAX_ADDRESSES))) {
            TcpOutcome outcome = connect(new InetSocketAddress(address, port));
            tried.add(outcome);
            if (outcome.isOpen()) {
                break;
            }
        }
        return tried;
    }

    /**
     * Runs the JVM's connect code once on loopback, so that the first timed connect measures the
     * network and not class loading.
     */
    private static void warmUp() {
        if (WARM.getAndSet(true)) {
            return;
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket socket = new Socket()) {
            socket.connect(server.getLocalSocketAddress(), 1000);
        } catch (IOException e) {
            // Then the first sample also holds the JVM's start-up cost; the probe still works.
        }
    }

    /**
     * Connects with the connect timeout (or less near the deadline).
     *
     * @throws IllegalStateException when a probe asks for more than {@link
     *     ProbeRunner#MAX_CONNECTIONS}
     */
    TcpOutcome connect(InetSocketAddress address) {
        if (connections.incrementAndGet() > ProbeRunner.MAX_CONNECTIONS) {
            throw new IllegalStateException(
                    "a probe run opens at most " + ProbeRunner.MAX_CONNECTIONS + " connections");
        }
        Socket socket = register(new Socket());
        int timeout = timeoutMillis(CONNECT_TIMEOUT);
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeout);
        long start = System.nanoTime();
        try {
            socket.connect(address, timeout);
            long nanos = System.nanoTime() - start;
            socket.setTcpNoDelay(true);
            return new TcpOutcome(address, TcpState.OPEN, nanos, timeoutNanos, "", socket);
        } catch (IOException e) {
            long nanos = System.nanoTime() - start;
            closeQuietly(socket);
            return new TcpOutcome(
                    address,
                    state(e, timeoutNanos),
                    nanos,
                    timeoutNanos,
                    String.valueOf(e.getMessage()),
                    null);
        }
    }

    /** Hands the socket of a Connection Confirm that selected TLS to the TLS probe. */
    void handOff(TlsHandoff tls) {
        if (!handoff.complete(tls) && tls.socket() != null) {
            closeQuietly(tls.socket());
        }
    }

    /**
     * What the negotiation handed over, however late a loaded machine lets it finish: every wait of
     * the negotiation ends by the probes' deadline, and it always hands over a socket or the reason
     * for none. Closing the run ends the wait at the latest, with {@code the run ended}.
     */
    TlsHandoff awaitHandoff() throws InterruptedException {
        try {
            return handoff.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the handoff failed: " + e.getCause(), e.getCause());
        }
    }

    /** True when a wait of this long that got no answer says nothing about the host. */
    static boolean isCutShort(long waitNanos) {
        return waitNanos < TELLING_WAIT.toNanos();
    }

    /**
     * What a connect that failed with {@code e} after waiting {@code waitNanos} says: no answer
     * within a wait the deadline cut short is {@link TcpState#UNFINISHED}, not a filter.
     */
    static TcpState state(IOException e, long waitNanos) {
        TcpState state = classify(e);
        return state == TcpState.FILTERED && isCutShort(waitNanos) ? TcpState.UNFINISHED : state;
    }

    private static TcpState classify(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof SocketTimeoutException || message.contains("timed out")) {
            return TcpState.FILTERED;
        }
        if (e instanceof ConnectException && message.contains("refused")) {
            return TcpState.REFUSED;
        }
        // NoRouteToHostException, "Network is unreachable", and any other way of not reaching it.
        return TcpState.UNREACHABLE;
    }

    private synchronized Socket register(Socket socket) {
        if (closed) {
            closeQuietly(socket);
        } else {
            sockets.add(socket);
        }
        return socket;
    }

    /** Closes every socket of the run, so blocked reads end, and stops its threads. */
    @Override
    public void close() {
        List<Socket> open;
        synchronized (this) {
            closed = true;
            open = List.copyOf(sockets);
            sockets.clear();
        }
        open.forEach(ProbeRun::closeQuietly);
        handoff.complete(TlsHandoff.none("the run ended"));
        executor.shutdownNow();
    }

    /** Closes the socket, if any; closing after use has nothing left to report. */
    static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Closing after use: nothing to report and nothing left to release.
        }
    }
}
