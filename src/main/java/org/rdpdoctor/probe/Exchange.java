package org.rdpdoctor.probe;

import java.net.Socket;

/**
 * One negotiation: a connection of its own, one Connection Request, the reply.
 *
 * @param connect the connect of the connection (a latency sample's, or a new one), or null when the
 *     request was not sent
 * @param reply the bytes received, or null when nothing was sent
 * @param replyNanos from sending the request to the end of the reply
 */
record Exchange(
        int requested,
        TcpOutcome connect,
        X224.Reply reply,
        long replyNanos,
        NegotiationAnswer answer) {

    /** True when the answer is a negotiation result: selected, failure, or no negotiation. */
    boolean isNegotiated() {
        return answer instanceof NegotiationAnswer.Selected
                || answer instanceof NegotiationAnswer.Failed
                || answer instanceof NegotiationAnswer.NoNegotiation;
    }

    /** True when the request includes CredSSP (HYBRID). */
    boolean asksForHybrid() {
        return (requested & X224.PROTOCOL_HYBRID) != 0;
    }

    boolean selects(int protocol) {
        return answer instanceof NegotiationAnswer.Selected s && s.protocol() == protocol;
    }

    boolean startsTls() {
        return answer instanceof NegotiationAnswer.Selected s && s.startsTls();
    }

    Socket socket() {
        return connect == null ? null : connect.socket();
    }

    /** {@code request 0x3: connect 0.2 ms; sent ...; reply after 0.4 ms: ... -> selected ...}. */
    String raw() {
        StringBuilder line = new StringBuilder("request 0x%X: ".formatted(requested));
        if (connect == null) {
            return line.append(answer.summary()).toString();
        }
        line.append("connect ").append(connect.describe());
        if (reply != null) {
            line.append("; sent ")
                    .append(X224.hex(X224.connectionRequest(requested)))
                    .append("; reply after ")
                    .append(Elapsed.text(replyNanos))
                    .append(": ")
                    .append(X224.hex(reply.bytes()));
        }
        return line.append(" -> ").append(answer.summary()).toString();
    }
}
