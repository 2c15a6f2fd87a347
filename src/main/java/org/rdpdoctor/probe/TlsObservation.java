package org.rdpdoctor.probe;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * A TLS handshake as the probe saw it.
 *
 * @param protocol the negotiated version, e.g. {@code TLSv1.3}; empty when the handshake failed
 * @param cipher the negotiated cipher suite; empty when the handshake failed
 * @param chain the server's certificates, leaf first, as far as they were received
 * @param offered the versions this probe offered
 * @param failure why the handshake failed, or empty
 * @param protocolVersion true when it failed on the version (no version in common)
 * @param unfinished true when the run's deadline ended the handshake too soon to blame the server
 *     (see {@link ProbeRun#TELLING_WAIT})
 * @param clientCertificateRequested true when the server asked for a client certificate (the probe
 *     sends none, and neither do Remote Desktop clients)
 */
record TlsObservation(
        String protocol,
        String cipher,
        List<X509Certificate> chain,
        List<String> offered,
        long nanos,
        String failure,
        boolean protocolVersion,
        boolean unfinished,
        boolean clientCertificateRequested) {

    private static final String ALERT = "received fatal alert: ";

    TlsObservation {
        chain = List.copyOf(chain);
        offered = List.copyOf(offered);
    }

    boolean isOk() {
        return failure.isEmpty();
    }

    /**
     * Whether the handshake failed on a limit of this probe, not of the server or of Remote Desktop
     * clients: a certificate message larger than Java's TLS client reads (32,768 bytes unless
     * {@code jdk.tls.maxHandshakeMessageSize} says otherwise). It says nothing of the server.
     */
    boolean isBeyondProbe() {
        return failure.contains("exceeds the maximum allowed size");
    }

    /** What a failure on this probe's limit means, in words. */
    String beyondProbeText() {
        return "the probe cannot read the server's certificates: they come in a message larger than"
                + " Java's TLS client reads ("
                + failure
                + "); Remote Desktop clients read larger ones, so this says nothing of the server";
    }

    /** The value of the {@code tls-handshake} evidence. */
    String evidenceValue() {
        return isOk() ? "ok" : protocolVersion ? "protocol-version" : "failed";
    }

    /** {@code TLSv1.3 with TLS_AES_256_GCM_SHA384 in 4.2 ms}, or how it failed. */
    String describe() {
        return isOk()
                ? protocol + " with " + cipher + " in " + Elapsed.text(nanos)
                : "failed after " + Elapsed.text(nanos) + ": " + failure;
    }

    /**
     * Why the handshake failed in words, with Java's message in brackets when there are words for
     * it: {@code the server closed the connection during the handshake (Remote host terminated the
     * handshake)}.
     */
    String failureText() {
        String lower = failure.toLowerCase(Locale.ROOT);
        String words;
        if (lower.contains("unrecognized ssl message")) {
            words = "the server answered with something that is not TLS";
        } else if (lower.contains("terminated the handshake")
                || lower.contains("connection reset")
                || lower.contains("broken pipe")) {
            words = "the server closed the connection during the handshake";
        } else if (lower.startsWith(ALERT)) {
            words = "the server refused it with the TLS alert " + failure.substring(ALERT.length());
        } else {
            return failure;
        }
        return words + " (" + failure + ")";
    }

    /** What a request for a client certificate means, starting with "; ", or empty. */
    String clientCertificateNote() {
        return clientCertificateRequested
                ? "; the server asks for a client certificate, which Remote Desktop clients do not"
                        + " send (a server that requires one refuses them)"
                : "";
    }

    List<String> raw() {
        return List.of(
                "offered " + String.join(", ", offered),
                "handshake " + describe(),
                "certificates received: " + chain.size(),
                "client certificate requested: " + (clientCertificateRequested ? "yes" : "no"));
    }
}
