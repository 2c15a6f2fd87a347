package org.rdpdoctor.probe;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One TLS handshake on an already connected socket, trusting every certificate: the probe inspects
 * what the server presents, it does not rely on it. Creating it sets up TLS, which takes a while in
 * a fresh JVM, so probes create it before they wait for their socket.
 */
final class TlsInspection {
    private static final ScheduledExecutorService LIMITS =
            Executors.newSingleThreadScheduledExecutor(
                    task -> {
                        Thread thread = new Thread(task, "tls-time-limit");
                        thread.setDaemon(true);
                        return thread;
                    });

    /** How long a server that asked for a client certificate has to refuse the probe's none. */
    private static final int REFUSAL_WAIT_MILLIS = 300;

    private final Capture capture = new Capture();
    private final ClientCertificateRequest request = new ClientCertificateRequest();
    private final SSLContext context = context(request, capture);

    /**
     * Runs the handshake and closes the socket.
     *
     * @param host the name used to connect; sent as SNI, without a trailing dot, when it is a name
     * @param timeoutMillis how long the whole handshake may take
     */
    TlsObservation handshake(Socket plain, String host, int port, int timeoutMillis) {
        long start = System.nanoTime();
        List<String> offered = List.of();
        // The socket timeout applies to each read; closing the socket bounds the whole handshake,
        // so a server that sends a byte a second cannot stretch it.
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> limit =
                LIMITS.schedule(
                        () -> {
                            late.set(true);
                            ProbeRun.closeQuietly(plain);
                        },
                        timeoutMillis,
                        TimeUnit.MILLISECONDS);
        try (SSLSocket tls =
                (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
            offered = Arrays.asList(tls.getEnabledProtocols());
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setServerNames(serverNames(host));
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(timeoutMillis);
            tls.startHandshake();
            long nanos = System.nanoTime() - start;
            if (request.asked) {
                Optional<String> refusal = refusalOfNoCertificate(tls, start, timeoutMillis);
                if (refusal.isPresent()) {
                    return failed(offered, start, refusal.get(), false);
                }
            }
            return new TlsObservation(
                    tls.getSession().getProtocol(),
                    tls.getSession().getCipherSuite(),
                    capture.chain,
                    offered,
                    nanos,
                    "",
                    false,
                    false,
                    request.asked);
        } catch (IOException e) {
            // The time limit closing the socket and the socket timeout race for a silent server.
            if (late.get() || e instanceof SocketTimeoutException) {
                boolean cutShort =
                        ProbeRun.isCutShort(TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
                return failed(
                        offered,
                        start,
                        "no whole answer within "
                                + timeoutMillis
                                + " ms"
                                + (cutShort ? ", when the run's deadline ended the wait" : ""),
                        cutShort);
            }
            return failed(offered, start, String.valueOf(e.getMessage()), false);
        } finally {
            limit.cancel(false);
            ProbeRun.closeQuietly(plain);
        }
    }

    /**
     * The alert of a server that refuses a client without a certificate after the handshake, or
     * empty when it keeps the connection for a short wait. In TLS 1.3 the client finishes its
     * handshake before the server reads the client's Certificate (RFC 8446 §4.4.2), so a
     * certificate_required alert comes only after {@code startHandshake} has returned; in TLS 1.2
     * it fails the handshake itself.
     */
    private static Optional<String> refusalOfNoCertificate(
            SSLSocket tls, long start, int timeoutMillis) {
        long left = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (left <= 0) {
            return Optional.empty();
        }
        try {
            tls.setSoTimeout((int) Math.min(REFUSAL_WAIT_MILLIS, left));
            tls.getInputStream().read();
            return Optional.empty();
        } catch (SSLException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        } catch (IOException e) {
            // The wait ended (the read timeout, or the run's deadline closing the socket) with the
            // connection still up: the server took the handshake without a certificate.
            return Optional.empty();
        }
    }

    private static List<SNIServerName> serverNames(String host) {
        if (new Endpoint(host, 1).isIpLiteral()) {
            return List.of();
        }
        try {
            // SNI carries no trailing dot: SNIHostName refuses "rds01.".
            return List.of(new SNIHostName(Endpoint.withoutTrailingDot(host)));
        } catch (IllegalArgumentException e) {
            // Not a name SNI can carry (e.g. with an underscore): handshake without SNI.
            return List.of();
        }
    }

    private TlsObservation failed(
            List<String> offered, long start, String message, boolean unfinished) {
        String lower = message.toLowerCase(Locale.ROOT);
        boolean version =
                lower.contains("protocol_version")
                        || lower.contains("not accepted by client preferences")
                        || lower.contains("no appropriate protocol");
        return new TlsObservation(
                "",
                "",
                capture.chain,
                offered,
                System.nanoTime() - start,
                message,
                version,
                unfinished,
                request.asked);
    }

    private static SSLContext context(KeyManager keys, TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no TLS: " + e.getMessage(), e);
        }
    }

    /** Notes whether the server asks for a client certificate, and sends none. */
    private static final class ClientCertificateRequest extends X509ExtendedKeyManager {
        private volatile boolean asked;

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            asked = true;
            return null;
        }

        @Override
        public String chooseEngineClientAlias(
                String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            asked = true;
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return null;
        }
    }

    /** Accepts every server certificate and keeps the chain. */
    private static final class Capture extends X509ExtendedTrustManager {
        private volatile List<X509Certificate> chain = List.of();

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType) {
            chain = List.of(certificates);
        }

        @Override
        public void checkServerTrusted(
                X509Certificate[] certificates, String authType, Socket socket) {
            chain = List.of(certificates);
        }

        @Override
        public void checkServerTrusted(
                X509Certificate[] certificates, String authType, SSLEngine engine) {
            chain = List.of(certificates);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType) {
            throw new UnsupportedOperationException("the probe is a client");
        }

        @Override
        public void checkClientTrusted(
                X509Certificate[] certificates, String authType, Socket socket) {
            throw new UnsupportedOperationException("the probe is a client");
        }

        @Override
        public void checkClientTrusted(
                X509Certificate[] certificates, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("the probe is a client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
