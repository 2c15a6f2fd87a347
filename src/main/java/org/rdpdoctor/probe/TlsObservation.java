package org.rdpdoctor.probe;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A TLS handshake as the probe saw it.
 *
 * @param protocol the negotiated version, e.g. {@code TLSv1.3}; empty when the handshake failed
 * @param cipher the negotiated cipher suite; empty when the handshake failed
 * @param chain the server's certificates, leaf first, as far as they were received
 * @param offered the versions this probe offered
 * @param failure why the handshake failed, or empty
 * @param protocolVersion true when it failed on the version (no version in common)
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
        boolean clientCertificateRequested) {

    TlsObservation {
        chain = List.copyOf(chain);
        offered = List.copyOf(offered);
    }

    boolean isOk() {
        return failure.isEmpty();
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
