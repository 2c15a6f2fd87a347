package org.rdpdoctor.probe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * RDP security negotiation: one connection per request, one after the other, for
 * TLS+CredSSP+HYBRID_EX (0xB, what current clients send), TLS+CredSSP (0x3), TLS (0x1) and Standard
 * RDP Security (0x0). The first requests go over the connections the TCP probe left open (see
 * {@link TcpSamples}); the rest connect anew. It records what the server selects or refuses, and
 * hands the socket of the first confirm that selects TLS to the {@link TlsProbe} at once. {@link
 * NegotiationSummary} interprets the answers.
 */
final class RdpNegotiationProbe implements Probe {
    /** The requests, in the order they are sent. */
    static final List<Integer> REQUESTS = List.of(0xB, 0x3, 0x1, 0x0);

    /** A request is not sent with less time than this left before the deadline. */
    private static final long MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    @Override
    public String name() {
        return "rdp-negotiation";
    }

    @Override
    public ProbeResult run(ProbeRun run) {
        String noTls = "the negotiation did not finish";
        try {
            Optional<TcpSamples> samples = run.tcpSamples();
            if (samples.flatMap(TcpSamples::accepting).isEmpty()) {
                noTls =
                        samples.map(s -> "TCP connect " + s.first().describe())
                                .orElse(run.target().host() + " does not resolve");
                return ProbeResult.skipped(name(), "Not tried: " + noTls + ".");
            }
            List<Exchange> exchanges = negotiate(run, samples.get());
            if (exchanges.stream().anyMatch(Exchange::isNegotiated)) {
                noTls = "the server selected no TLS-based protocol";
            } else if (exchanges.stream()
                    .anyMatch(e -> e.answer() instanceof NegotiationAnswer.Unfinished)) {
                noTls = "the negotiation did not finish before the deadline";
            } else {
                noTls = "the negotiation did not succeed";
            }
            // At once, before the summary, which takes a while in a fresh JVM: the TLS probe's
            // line waits for it, and must be in by the run's deadline too.
            run.handOff(TlsHandoff.none(noTls));
            return new NegotiationSummary(exchanges).result(name());
        } finally {
            // Without effect when a socket or the reason for none was handed off already.
            run.handOff(TlsHandoff.none(noTls));
        }
    }

    /**
     * Sends the requests one after the other, each over a connection of its own: the samples' open
     * ones first, then new ones. Stops when the server stops answering, or answers only in part.
     */
    private static List<Exchange> negotiate(ProbeRun run, TcpSamples samples) {
        InetSocketAddress address = samples.accepting().orElseThrow().address();
        Iterator<TcpOutcome> kept = samples.open().iterator();
        List<Exchange> exchanges = new ArrayList<>();
        boolean handedOff = false;
        String stop = "";
        for (int requested : REQUESTS) {
            if (stop.isEmpty() && run.remainingNanos() < MIN_NANOS) {
                stop = "no time left before the deadline";
            }
            if (!stop.isEmpty()) {
                exchanges.add(notSent(requested, stop));
                continue;
            }
            Exchange exchange =
                    exchange(run, kept.hasNext() ? kept.next() : run.connect(address), requested);
            exchanges.add(exchange);
            if (exchange.startsTls() && !handedOff) {
                var selected = (NegotiationAnswer.Selected) exchange.answer();
                run.handOff(new TlsHandoff(exchange.socket(), requested, selected.protocol(), ""));
                handedOff = true;
            } else {
                ProbeRun.closeQuietly(exchange.socket());
            }
            if (exchange.answer() instanceof NegotiationAnswer.Unfinished) {
                stop = "no time left before the deadline";
            } else if (exchange.answer() instanceof NegotiationAnswer.NoAnswer) {
                stop = "request 0x%X got no answer".formatted(requested);
            } else if (exchange.reply() != null && exchange.reply().end() == X224.End.TIMED_OUT) {
                stop = "request 0x%X got no whole answer".formatted(requested);
            }
        }
        kept.forEachRemaining(unused -> ProbeRun.closeQuietly(unused.socket()));
        return exchanges;
    }

    private static Exchange notSent(int requested, String why) {
        return new Exchange(requested, null, null, 0, new NegotiationAnswer.NotSent(why));
    }

    /** Sends one Connection Request over the connection, reads the reply; leaves it open. */
    static Exchange exchange(ProbeRun run, TcpOutcome connect, int requested) {
        if (!connect.isOpen()) {
            return new Exchange(
                    requested, connect, null, 0, new NegotiationAnswer.NotConnected(connect));
        }
        Socket socket = connect.socket();
        int timeout = run.timeoutMillis(ProbeRun.REPLY_TIMEOUT);
        long start = System.nanoTime();
        X224.Reply reply;
        try {
            OutputStream out = socket.getOutputStream();
            out.write(X224.connectionRequest(requested));
            out.flush();
            reply = X224.read(new ReplyInput(socket, timeout));
        } catch (IOException e) {
            // The connection failed before a reply could be read: the server dropped it.
            reply = new X224.Reply(new byte[0], X224.End.CLOSED);
        }
        long nanos = System.nanoTime() - start;
        NegotiationAnswer answer =
                X224.interpret(reply, requested, TimeUnit.MILLISECONDS.toNanos(timeout));
        return new Exchange(requested, connect, reply, nanos, answer);
    }
}
