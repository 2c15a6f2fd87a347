package org.rdpdoctor.probe;

import java.util.Optional;

/** How a server answered one X.224 Connection Request with an RDP_NEG_REQ. */
sealed interface NegotiationAnswer {

    /** The value of the {@code rdp-negotiation} evidence, empty when there is none. */
    Optional<String> evidenceValue();

    /** What was seen, e.g. {@code selected HYBRID (0x2) for request 0x3; flags 0x1f}. */
    String describe(int requested);

    /** The answer in a few words, e.g. {@code selected HYBRID (0x2)}. */
    String summary();

    /** RDP_NEG_RSP: the server selected a protocol. */
    record Selected(int protocol, int flags) implements NegotiationAnswer {
        @Override
        public String summary() {
            return "selected %s (0x%x)".formatted(X224.protocolName(protocol), protocol);
        }

        @Override
        public Optional<String> evidenceValue() {
            return Optional.of(
                    switch (protocol) {
                        case X224.PROTOCOL_RDP -> "selected-rdp";
                        case X224.PROTOCOL_SSL -> "selected-tls";
                        case X224.PROTOCOL_HYBRID -> "selected-hybrid";
                        default -> "selected-hybrid-ex";
                    });
        }

        @Override
        public String describe(int requested) {
            return "selected %s (0x%x) for request 0x%X; flags 0x%02x"
                    .formatted(X224.protocolName(protocol), protocol, requested, flags);
        }

        /** True when TLS follows on the same connection (TLS, CredSSP, CredSSP with EUA). */
        boolean startsTls() {
            return protocol != X224.PROTOCOL_RDP;
        }
    }

    /** RDP_NEG_FAILURE: the server refused the request with a failure code. */
    record Failed(int code) implements NegotiationAnswer {
        @Override
        public String summary() {
            return "failure %s (0x%x)".formatted(X224.failureName(code), code);
        }

        @Override
        public Optional<String> evidenceValue() {
            return Optional.of(X224.failureEvidence(code));
        }

        @Override
        public String describe(int requested) {
            return "failure %s (0x%x) for request 0x%X"
                    .formatted(X224.failureName(code), code, requested);
        }
    }

    /** An 11-byte Connection Confirm without rdpNegData: the server does not negotiate. */
    record NoNegotiation() implements NegotiationAnswer {
        @Override
        public String summary() {
            return "no negotiation data";
        }

        @Override
        public Optional<String> evidenceValue() {
            return Optional.of("no-negotiation");
        }

        @Override
        public String describe(int requested) {
            return "Connection Confirm without negotiation data for request 0x%X"
                    .formatted(requested);
        }
    }

    /**
     * An X.224 Disconnect Request instead of a Connection Confirm: something that speaks X.224
     * turned the connection away before negotiating, for the reason its reason byte gives.
     */
    record DisconnectRequest(int reason) implements NegotiationAnswer {
        @Override
        public String summary() {
            return "turned away with an " + named();
        }

        @Override
        public Optional<String> evidenceValue() {
            return Optional.of("disconnect-request");
        }

        @Override
        public String describe(int requested) {
            return "%s in answer to request 0x%X".formatted(named(), requested);
        }

        /** {@code X.224 Disconnect Request (reason 0x2, session entity not attached ...)}. */
        String named() {
            return "X.224 Disconnect Request (" + X224.disconnectReason(reason) + ")";
        }
    }

    /** The server closed the connection without a byte of answer. */
    record Closed() implements NegotiationAnswer {
        @Override
        public String summary() {
            return "closed without an answer";
        }

        @Override
        public Optional<String> evidenceValue() {
            return Optional.of("closed");
        }

        @Override
        public String describe(int requested) {
            return "connection closed without an answer to request 0x%X".formatted(requested);
        }
    }

    /** The server kept the connection open and said nothing until the timeout. */
    record NoAnswer(long timeoutNanos) implements NegotiationAnswer {
        @Override
        public String summary() {
            return "no answer";
        }

        @Override
        public Optional<String> evidenceValue() {
            return Optional.of("no-answer");
        }

        @Override
        public String describe(int requested) {
            return "no answer to request 0x%X within %s; the probe closed the connection"
                    .formatted(requested, Elapsed.text(timeoutNanos));
        }
    }

    /**
     * No whole answer yet when the run's deadline ended the wait, too soon to say the server does
     * not answer (see {@link ProbeRun#TELLING_WAIT}); no evidence.
     */
    record Unfinished(long waitedNanos) implements NegotiationAnswer {
        @Override
        public String summary() {
            return "no answer before the deadline";
        }

        @Override
        public Optional<String> evidenceValue() {
            return Optional.empty();
        }

        @Override
        public String describe(int requested) {
            return "no answer to request 0x%X within %s, when the run's deadline ended the wait"
                    .formatted(requested, Elapsed.text(waitedNanos));
        }
    }

    /**
     * A well-formed Connection Confirm whose answer the protocol does not allow for this request: a
     * failure code MS-RDPBCGR does not define, or a protocol the request did not offer. An RDP
     * server sent it, so it is not {@link Garbage}; no evidence value fits it.
     */
    record Unexpected(String reason) implements NegotiationAnswer {
        @Override
        public String summary() {
            return "an RDP answer the protocol does not allow (" + reason + ")";
        }

        @Override
        public Optional<String> evidenceValue() {
            return Optional.empty();
        }

        @Override
        public String describe(int requested) {
            return "an RDP answer to request 0x%X that the protocol does not allow: %s"
                    .formatted(requested, reason);
        }
    }

    /**
     * The start of a TPKT, as a Connection Confirm starts, that stopped before its end (the server
     * closed the connection, or the time limit passed); no evidence value says what it was.
     */
    record Incomplete(String reason) implements NegotiationAnswer {
        @Override
        public String summary() {
            return "an incomplete answer (" + reason + ")";
        }

        @Override
        public Optional<String> evidenceValue() {
            return Optional.empty();
        }

        @Override
        public String describe(int requested) {
            return "an incomplete answer to request 0x%X: %s".formatted(requested, reason);
        }
    }

    /** Bytes that are not a well-formed Connection Confirm. */
    record Garbage(String reason) implements NegotiationAnswer {
        @Override
        public String summary() {
            return "not RDP (" + reason + ")";
        }

        @Override
        public Optional<String> evidenceValue() {
            return Optional.of("garbage");
        }

        @Override
        public String describe(int requested) {
            return "not an RDP answer to request 0x%X: %s".formatted(requested, reason);
        }
    }

    /** This request's own connect failed, though the first connect of the run worked. */
    record NotConnected(TcpOutcome outcome) implements NegotiationAnswer {
        @Override
        public String summary() {
            return "not connected";
        }

        @Override
        public Optional<String> evidenceValue() {
            return Optional.empty();
        }

        @Override
        public String describe(int requested) {
            return "request 0x%X not sent: connect %s".formatted(requested, outcome.describe());
        }
    }

    /** This request was not sent: the server stopped answering, or the deadline was near. */
    record NotSent(String why) implements NegotiationAnswer {
        @Override
        public Optional<String> evidenceValue() {
            return Optional.empty();
        }

        @Override
        public String summary() {
            return "not sent (" + why + ")";
        }

        @Override
        public String describe(int requested) {
            return "request 0x%X not sent: %s".formatted(requested, why);
        }
    }
}
