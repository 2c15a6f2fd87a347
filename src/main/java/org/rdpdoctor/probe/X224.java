package org.rdpdoctor.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The X.224 Connection Request a probe sends and the Connection Confirm it reads (MS-RDPBCGR
 * 2.2.1.1 and 2.2.1.2): TPKT header, X.224 class 0 TPDU, 8 bytes of RDP_NEG_REQ / RSP / FAILURE.
 * Replies are read and parsed strictly: every length and type byte is checked, and anything else
 * but a Disconnect Request, with which an X.224 stack turns the connection away, or the start of a
 * TPKT cut off by a close or the time limit, is garbage with the reason.
 */
final class X224 {
    static final int PROTOCOL_RDP = 0x0;
    static final int PROTOCOL_SSL = 0x1;
    static final int PROTOCOL_HYBRID = 0x2;
    static final int PROTOCOL_RDSTLS = 0x4;
    static final int PROTOCOL_HYBRID_EX = 0x8;

    /** The longest reply read; a Connection Confirm has 11 or 19 bytes. */
    static final int MAX_REPLY = 64;

    private static final int TPKT_VERSION = 3;
    private static final int TPDU_CONNECTION_CONFIRM = 0xD0;
    private static final int TPDU_DISCONNECT_REQUEST = 0x80;
    private static final int CC_LENGTH = 11;
    private static final int NEG_RSP = 2;
    private static final int NEG_FAILURE = 3;
    private static final String[] FAILURE_NAMES = {
        null,
        "SSL_REQUIRED_BY_SERVER",
        "SSL_NOT_ALLOWED_BY_SERVER",
        "SSL_CERT_NOT_ON_SERVER",
        "INCONSISTENT_FLAGS",
        "HYBRID_REQUIRED_BY_SERVER",
        "SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER"
    };
    private static final String[] FAILURE_EVIDENCE = {
        null,
        "failure-ssl-required",
        "failure-ssl-not-allowed",
        "failure-cert-not-on-server",
        "failure-inconsistent-flags",
        "failure-hybrid-required",
        "failure-ssl-with-user-auth-required"
    };
    private static final String[] DISCONNECT_REASONS = {
        "not specified",
        "congestion at the TSAP",
        "session entity not attached to the TSAP",
        "address unknown"
    };

    private X224() {}

    /** How the reading of a reply ended. */
    enum End {
        /** A whole TPKT as long as its header says. */
        COMPLETE,
        /** The server closed (or reset) the connection first. */
        CLOSED,
        /** The reply was not whole within the time limit. */
        TIMED_OUT,
        /** The first byte is not a TPKT version 3. */
        NOT_TPKT,
        /** The TPKT header announces more than {@link #MAX_REPLY} bytes. */
        TOO_LONG
    }

    /** The bytes received (at most {@link #MAX_REPLY}) and how the reading ended. */
    record Reply(byte[] bytes, End end) {}

    /**
     * A Connection Request without cookie or routing token: TPKT (19 bytes), X.224 CR (LI 14, class
     * 0), RDP_NEG_REQ with no flags.
     */
    static byte[] connectionRequest(int requestedProtocols) {
        return new byte[] {
            TPKT_VERSION,
            0,
            0,
            19,
            14,
            (byte) 0xE0,
            0,
            0,
            0,
            0,
            0,
            1,
            0,
            8,
            0,
            (byte) requestedProtocols,
            (byte) (requestedProtocols >>> 8),
            (byte) (requestedProtocols >>> 16),
            (byte) (requestedProtocols >>> 24)
        };
    }

    /**
     * Reads one TPKT, as far as it goes before {@code in} times out or the connection closes or
     * resets.
     */
    static Reply read(InputStream in) {
        byte[] buffer = new byte[MAX_REPLY];
        int received = 0;
        int wanted = 4;
        try {
            while (received < wanted) {
                int n = in.read(buffer, received, wanted - received);
                if (n < 0) {
                    return new Reply(Arrays.copyOf(buffer, received), End.CLOSED);
                }
                received += n;
                if ((buffer[0] & 0xFF) != TPKT_VERSION) {
                    int more = Math.min(in.available(), MAX_REPLY - received);
                    received += Math.max(0, in.read(buffer, received, more));
                    return new Reply(Arrays.copyOf(buffer, received), End.NOT_TPKT);
                }
                if (received >= 4 && wanted == 4) {
                    int length = uint16be(buffer, 2);
                    if (length > MAX_REPLY) {
                        return new Reply(Arrays.copyOf(buffer, received), End.TOO_LONG);
                    }
                    wanted = Math.max(4, length);
                }
            }
            return new Reply(Arrays.copyOf(buffer, received), End.COMPLETE);
        } catch (SocketTimeoutException e) {
            return new Reply(Arrays.copyOf(buffer, received), End.TIMED_OUT);
        } catch (IOException e) {
            // A reset: the server dropped the connection, after what it sent so far.
            return new Reply(Arrays.copyOf(buffer, received), End.CLOSED);
        }
    }

    /**
     * What a reply to a request for {@code requested} means, read with a time limit of {@code
     * timeoutNanos}.
     */
    static NegotiationAnswer interpret(Reply reply, int requested, long timeoutNanos) {
        byte[] b = reply.bytes();
        if (reply.end() == End.TIMED_OUT && ProbeRun.isCutShort(timeoutNanos)) {
            return new NegotiationAnswer.Unfinished(timeoutNanos);
        }
        return switch (reply.end()) {
            case COMPLETE -> parseConfirm(b, requested);
            case CLOSED ->
                    b.length == 0
                            ? new NegotiationAnswer.Closed()
                            : cutOff(b, "before the connection closed");
            case TIMED_OUT ->
                    b.length == 0
                            ? new NegotiationAnswer.NoAnswer(timeoutNanos)
                            : cutOff(b, "within " + Elapsed.text(timeoutNanos));
            case NOT_TPKT ->
                    new NegotiationAnswer.Garbage(
                            "not a TPKT header: first byte 0x%02x%s"
                                    .formatted(b[0] & 0xFF, preview(b)));
            case TOO_LONG ->
                    new NegotiationAnswer.Garbage(
                            "TPKT length %d is longer than a Connection Confirm (at most %d read)"
                                    .formatted(uint16be(b, 2), MAX_REPLY));
        };
    }

    /**
     * The start of a TPKT that did not come whole, {@code ending} how the reading ended: an
     * incomplete answer while the bytes fit a TPKT header (version 3, reserved 0), else garbage.
     */
    private static NegotiationAnswer cutOff(byte[] b, String ending) {
        if (b.length > 1 && b[1] != 0) {
            return garbage(
                    "TPKT reserved byte 0x%02x, expected 0x00 (%s %s)",
                    b[1] & 0xFF, count(b), ending);
        }
        return new NegotiationAnswer.Incomplete(
                b.length < 4
                        ? "%s of a 4-byte TPKT header %s".formatted(count(b), ending)
                        : "%d of %d bytes %s".formatted(b.length, uint16be(b, 2), ending));
    }

    /**
     * Parses a whole TPKT that should hold a Connection Confirm answering a request for {@code
     * requested}, or a Disconnect Request refusing it.
     */
    static NegotiationAnswer parseConfirm(byte[] b, int requested) {
        if (b.length < 4) {
            return garbage("only %s", count(b));
        }
        if ((b[0] & 0xFF) != TPKT_VERSION) {
            return garbage("TPKT version 0x%02x, expected 0x03", b[0] & 0xFF);
        }
        if (b[1] != 0) {
            return garbage("TPKT reserved byte 0x%02x, expected 0x00", b[1] & 0xFF);
        }
        int length = uint16be(b, 2);
        if (length != b.length) {
            return garbage("TPKT length %d, but %s received", length, count(b));
        }
        if (length < CC_LENGTH) {
            return garbage("TPKT length %d is shorter than a Connection Confirm (11)", length);
        }
        int li = b[4] & 0xFF;
        if (li != length - 5) {
            return garbage(
                    "X.224 length indicator %d does not match TPKT length %d (expected %d)",
                    li, length, length - 5);
        }
        int code = b[5] & 0xFF;
        if ((code & 0xF0) == TPDU_DISCONNECT_REQUEST) {
            // The fixed part ends with the reason (X.224 13.5), in the byte a CC has its class in.
            return new NegotiationAnswer.DisconnectRequest(b[10] & 0xFF);
        }
        if ((code & 0xF0) != TPDU_CONNECTION_CONFIRM) {
            return garbage(
                    "X.224 type 0x%02x (%s), expected 0xd0 (Connection Confirm)",
                    code, tpduName(code));
        }
        if ((b[10] & 0xF0) != 0) {
            return garbage("X.224 class %d, expected class 0", (b[10] & 0xF0) >> 4);
        }
        if (li == 6) {
            return new NegotiationAnswer.NoNegotiation();
        }
        if (li != 14) {
            return garbage(
                    "X.224 length indicator %d: a Connection Confirm has 6, or 14 with"
                            + " negotiation data",
                    li);
        }
        int type = b[11] & 0xFF;
        int flags = b[12] & 0xFF;
        int negLength = uint16le(b, 13);
        int value = (int) uint32le(b, 15);
        if (negLength != 8) {
            return garbage("negotiation data length %d, expected 8", negLength);
        }
        if (type == NEG_RSP) {
            return selected(value, flags, requested);
        }
        if (type == NEG_FAILURE) {
            return value >= 1 && value < FAILURE_NAMES.length
                    ? new NegotiationAnswer.Failed(value)
                    : unexpected("failure code 0x%x, which MS-RDPBCGR does not define", value);
        }
        return garbage("negotiation type 0x%02x, expected 0x02 (response) or 0x03 (failure)", type);
    }

    private static NegotiationAnswer selected(int value, int flags, int requested) {
        boolean known =
                value == PROTOCOL_RDP
                        || value == PROTOCOL_SSL
                        || value == PROTOCOL_HYBRID
                        || value == PROTOCOL_HYBRID_EX;
        if (!known || (value != PROTOCOL_RDP && (value & requested) == 0)) {
            String name = protocolName(value);
            // The request is named with the answer wherever it is shown, and left out here so
            // that one answer to several requests reads as one.
            return unexpected(
                    "selected %s, which the request did not offer",
                    name.equals("UNKNOWN")
                            ? "protocol 0x%x".formatted(value)
                            : "%s (0x%x)".formatted(name, value));
        }
        return new NegotiationAnswer.Selected(value, flags);
    }

    /** {@code RDP}, {@code SSL}, {@code HYBRID}, {@code RDSTLS}, {@code HYBRID_EX}. */
    static String protocolName(int protocol) {
        return switch (protocol) {
            case PROTOCOL_RDP -> "RDP";
            case PROTOCOL_SSL -> "SSL";
            case PROTOCOL_HYBRID -> "HYBRID";
            case PROTOCOL_RDSTLS -> "RDSTLS";
            case PROTOCOL_HYBRID_EX -> "HYBRID_EX";
            default -> "UNKNOWN";
        };
    }

    /** {@code HYBRID_REQUIRED_BY_SERVER} for 5; only for codes 1 to 6. */
    static String failureName(int code) {
        return FAILURE_NAMES[code];
    }

    /** {@code failure-hybrid-required} for 5; only for codes 1 to 6. */
    static String failureEvidence(int code) {
        return FAILURE_EVIDENCE[code];
    }

    /**
     * {@code reason 0x2, session entity not attached to the TSAP} for 2: the reason of an X.224
     * Disconnect Request, named for the class 0 reasons (0 to 3), else only its number.
     */
    static String disconnectReason(int reason) {
        return reason < DISCONNECT_REASONS.length
                ? "reason 0x%x, %s".formatted(reason, DISCONNECT_REASONS[reason])
                : "reason 0x%x".formatted(reason);
    }

    /** Bytes as {@code 03 00 00 13 ...}, with the count. */
    static String hex(byte[] bytes) {
        return bytes.length == 0
                ? "(no bytes)"
                : HexFormat.ofDelimiter(" ").formatHex(bytes) + " (" + count(bytes) + ")";
    }

    private static String tpduName(int code) {
        return switch (code & 0xF0) {
            case 0xE0 -> "Connection Request";
            case 0xF0 -> "Data";
            case 0x70 -> "Error";
            default -> "unknown";
        };
    }

    private static String preview(byte[] b) {
        StringBuilder text = new StringBuilder();
        for (byte c : b) {
            if (c < 0x20 || c > 0x7E) {
                break;
            }
            text.append((char) c);
        }
        return text.length() >= 4 ? "; starts \"" + text + "\"" : "";
    }

    private static String count(byte[] b) {
        return b.length == 1 ? "1 byte" : b.length + " bytes";
    }

    private static NegotiationAnswer garbage(String format, Object... args) {
        return new NegotiationAnswer.Garbage(format.formatted(args));
    }

    private static NegotiationAnswer unexpected(String format, Object... args) {
        return new NegotiationAnswer.Unexpected(format.formatted(args));
    }

    private static int uint16be(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static int uint16le(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long uint32le(byte[] b, int at) {
        return (b[at] & 0xFFL)
                | (b[at + 1] & 0xFFL) << 8
                | (b[at + 2] & 0xFFL) << 16
                | (b[at + 3] & 0xFFL) << 24;
    }
}
