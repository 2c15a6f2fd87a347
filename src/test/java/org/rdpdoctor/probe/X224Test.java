package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The request bytes and the strict reading of replies, on the byte examples of rdp-facts §3.3. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class X224Test {

    @Test
    void request_for_tls_and_credssp_is_the_19_bytes_rdp_sec_check_sends() {
        byte[] request = X224.connectionRequest(0x3);

        assertThat(request)
                .isEqualTo(bytes("03 00 00 13 0e e0 00 00 00 00 00 01 00 08 00 03 00 00 00"));
    }

    @Test
    void windows_reply_selecting_credssp_with_flags_0x1f_is_selected_hybrid() {
        byte[] reply = bytes("03 00 00 13 0e d0 00 00 12 34 00 02 1f 08 00 02 00 00 00");

        NegotiationAnswer answer = X224.parseConfirm(reply, 0x3);

        assertThat(answer).isEqualTo(new NegotiationAnswer.Selected(0x2, 0x1f));
        assertThat(answer.evidenceValue()).contains("selected-hybrid");
        assertThat(answer.describe(0x3))
                .isEqualTo("selected HYBRID (0x2) for request 0x3; flags 0x1f");
    }

    @Test
    void failure_with_code_5_is_hybrid_required() {
        byte[] reply = bytes("03 00 00 13 0e d0 00 00 12 34 00 03 00 08 00 05 00 00 00");

        NegotiationAnswer answer = X224.parseConfirm(reply, 0x1);

        assertThat(answer).isEqualTo(new NegotiationAnswer.Failed(5));
        assertThat(answer.evidenceValue()).contains("failure-hybrid-required");
        assertThat(answer.describe(0x1))
                .isEqualTo("failure HYBRID_REQUIRED_BY_SERVER (0x5) for request 0x1");
    }

    @Test
    void every_failure_code_has_its_evidence_value() {
        assertThat(X224.failureEvidence(1)).isEqualTo("failure-ssl-required");
        assertThat(X224.failureEvidence(2)).isEqualTo("failure-ssl-not-allowed");
        assertThat(X224.failureEvidence(3)).isEqualTo("failure-cert-not-on-server");
        assertThat(X224.failureEvidence(4)).isEqualTo("failure-inconsistent-flags");
        assertThat(X224.failureEvidence(6)).isEqualTo("failure-ssl-with-user-auth-required");
    }

    @Test
    void disconnect_request_names_a_class_0_reason_and_gives_any_other_as_its_number() {
        byte[] notSpecified = bytes("03 00 00 0b 06 80 00 00 00 00 00");
        byte[] protocolError = bytes("03 00 00 0b 06 80 00 00 00 00 85");

        NegotiationAnswer first = X224.parseConfirm(notSpecified, 0xB);
        NegotiationAnswer second = X224.parseConfirm(protocolError, 0xB);

        assertThat(first.summary())
                .isEqualTo(
                        "turned away with an X.224 Disconnect Request (reason 0x0, not"
                                + " specified)");
        assertThat(second.summary())
                .isEqualTo("turned away with an X.224 Disconnect Request (reason 0x85)");
        assertThat(second.evidenceValue()).contains("disconnect-request");
    }

    @Test
    void eleven_byte_confirm_without_negotiation_data_is_no_negotiation() {
        byte[] reply = bytes("03 00 00 0b 06 d0 00 00 12 34 00");

        assertThat(X224.parseConfirm(reply, 0x3)).isEqualTo(new NegotiationAnswer.NoNegotiation());
    }

    @Test
    void rdp_selected_for_a_tls_request_is_accepted_as_xrdp_does_it() {
        byte[] reply = bytes("03 00 00 13 0e d0 00 00 12 34 00 02 01 08 00 00 00 00 00");

        assertThat(X224.parseConfirm(reply, 0xB)).isEqualTo(new NegotiationAnswer.Selected(0, 1));
    }

    @Test
    void connection_request_sent_back_is_garbage_by_its_type() {
        byte[] mstscRequest =
                bytes(
                        "03 00 00 2b 26 e0 00 00 00 00 00 43 6f 6f 6b 69 65 3a 20 6d 73 74 73 68 61"
                                + " 73 68 3d 61 64 6d 69 6e 0d 0a 01 00 08 00 0b 00 00 00");

        assertThat(reason(X224.parseConfirm(mstscRequest, 0xB)))
                .isEqualTo(
                        "X.224 type 0xe0 (Connection Request), expected 0xd0 (Connection Confirm)");
    }

    @Test
    void malformed_confirms_are_garbage_with_the_broken_field() {
        assertThat(garbage("04 00 00 13 0e d0 00 00 12 34 00 02 1f 08 00 02 00 00 00", 0x3))
                .isEqualTo("TPKT version 0x04, expected 0x03");
        assertThat(garbage("03 00 00 13 0e d0 00 00 12 34 00 02 1f 08 00 02 00 00", 0x3))
                .isEqualTo("TPKT length 19, but 18 bytes received");
        assertThat(garbage("03 00 00 07 02 d0 00", 0x3))
                .isEqualTo("TPKT length 7 is shorter than a Connection Confirm (11)");
        assertThat(garbage("03 00 00 13 0d d0 00 00 12 34 00 02 1f 08 00 02 00 00 00", 0x3))
                .isEqualTo("X.224 length indicator 13 does not match TPKT length 19 (expected 14)");
        assertThat(garbage("03 00 00 13 0e d0 00 00 12 34 10 02 1f 08 00 02 00 00 00", 0x3))
                .isEqualTo("X.224 class 1, expected class 0");
        assertThat(garbage("03 00 00 13 0e d0 00 00 12 34 00 02 1f 09 00 02 00 00 00", 0x3))
                .isEqualTo("negotiation data length 9, expected 8");
        assertThat(garbage("03 00 00 13 0e d0 00 00 12 34 00 01 00 08 00 03 00 00 00", 0x3))
                .isEqualTo("negotiation type 0x01, expected 0x02 (response) or 0x03 (failure)");
        assertThat(garbage("03 00 00 0c 07 d0 00 00 12 34 00 00", 0x3))
                .isEqualTo(
                        "X.224 length indicator 7: a Connection Confirm has 6, or 14 with"
                                + " negotiation data");
    }

    @Test
    void reading_stops_at_the_tpkt_length() throws IOException {
        InputStream in =
                stream("03 00 00 13 0e d0 00 00 12 34 00 02 1f 08 00 02 00 00 00 16 03 01 00 05");

        X224.Reply reply = X224.read(in);

        assertThat(reply.end()).isEqualTo(X224.End.COMPLETE);
        assertThat(reply.bytes()).hasSize(19);
    }

    @Test
    void nothing_before_the_close_is_closed() throws IOException {
        X224.Reply reply = X224.read(stream(""));

        assertThat(X224.interpret(reply, 0x3, 0)).isEqualTo(new NegotiationAnswer.Closed());
    }

    @Test
    void close_in_the_middle_of_a_confirm_is_an_incomplete_answer_without_evidence()
            throws IOException {
        X224.Reply confirm = X224.read(stream("03 00 00 13 0e d0 00 00 12 34"));
        X224.Reply header = X224.read(stream("03 00 00"));

        NegotiationAnswer answer = X224.interpret(confirm, 0x3, 3_000_000_000L);

        assertThat(answer.summary())
                .isEqualTo("an incomplete answer (10 of 19 bytes before the connection closed)");
        assertThat(answer.evidenceValue()).isEmpty();
        assertThat(X224.interpret(header, 0x3, 3_000_000_000L).summary())
                .isEqualTo(
                        "an incomplete answer (3 bytes of a 4-byte TPKT header before the"
                                + " connection closed)");
    }

    @Test
    void close_after_a_start_that_is_no_tpkt_header_is_garbage() throws IOException {
        X224.Reply reply = X224.read(stream("03 05"));

        assertThat(reason(X224.interpret(reply, 0x3, 3_000_000_000L)))
                .isEqualTo(
                        "TPKT reserved byte 0x05, expected 0x00 (2 bytes before the connection"
                                + " closed)");
    }

    @Test
    void text_instead_of_a_tpkt_is_garbage_that_quotes_it() throws IOException {
        InputStream in =
                new ByteArrayInputStream(
                        "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        X224.Reply reply = X224.read(in);

        assertThat(reply.end()).isEqualTo(X224.End.NOT_TPKT);
        assertThat(reason(X224.interpret(reply, 0x3, 3_000_000_000L)))
                .isEqualTo(
                        "not a TPKT header: first byte 0x48; starts \"HTTP/1.1 400 Bad Request\"");
    }

    @Test
    void tpkt_announcing_more_than_a_confirm_is_not_read_further() throws IOException {
        X224.Reply reply = X224.read(stream("03 00 10 00 0e d0"));

        assertThat(reason(X224.interpret(reply, 0x3, 3_000_000_000L)))
                .isEqualTo(
                        "TPKT length 4096 is longer than a Connection Confirm (at most 64 read)");
    }

    @Test
    void silence_until_the_timeout_is_no_answer() throws IOException {
        X224.Reply reply = X224.read(timingOut(""));

        assertThat(reply.end()).isEqualTo(X224.End.TIMED_OUT);
        assertThat(X224.interpret(reply, 0x3, 3_000_000_000L))
                .isEqualTo(new NegotiationAnswer.NoAnswer(3_000_000_000L));
    }

    @Test
    void silence_cut_short_by_the_runs_deadline_is_unfinished_not_a_verdict() throws IOException {
        X224.Reply silent = X224.read(timingOut(""));
        X224.Reply part = X224.read(timingOut("03 00 00 13 0e"));

        assertThat(X224.interpret(silent, 0x3, 300_000_000L))
                .isEqualTo(new NegotiationAnswer.Unfinished(300_000_000L));
        assertThat(X224.interpret(part, 0x3, 300_000_000L))
                .isEqualTo(new NegotiationAnswer.Unfinished(300_000_000L));
        assertThat(new NegotiationAnswer.Unfinished(300_000_000L).evidenceValue()).isEmpty();
    }

    @Test
    void part_of_a_confirm_then_silence_is_an_incomplete_answer() throws IOException {
        X224.Reply reply = X224.read(timingOut("03 00 00 13 0e"));

        assertThat(X224.interpret(reply, 0x3, 3_000_000_000L).describe(0x3))
                .isEqualTo("an incomplete answer to request 0x3: 5 of 19 bytes within 3.00 s");
    }

    @Test
    void a_well_formed_answer_the_protocol_does_not_allow_is_rdp_not_garbage() {
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put(
                "03 00 00 13 0e d0 00 00 12 34 00 03 00 08 00 07 00 00 00",
                "failure code 0x7, which MS-RDPBCGR does not define");
        answers.put(
                "03 00 00 13 0e d0 00 00 12 34 00 03 00 08 00 00 00 00 00",
                "failure code 0x0, which MS-RDPBCGR does not define");
        answers.put(
                "03 00 00 13 0e d0 00 00 12 34 00 02 00 08 00 02 00 00 00",
                "selected HYBRID (0x2), which the request did not offer");
        answers.put(
                "03 00 00 13 0e d0 00 00 12 34 00 02 00 08 00 04 00 00 00",
                "selected RDSTLS (0x4), which the request did not offer");
        answers.put(
                "03 00 00 13 0e d0 00 00 12 34 00 02 00 08 00 03 00 00 00",
                "selected protocol 0x3, which the request did not offer");

        answers.forEach(
                (hex, reason) -> {
                    NegotiationAnswer answer = X224.parseConfirm(bytes(hex), 0x1);
                    assertThat(answer).as(hex).isEqualTo(new NegotiationAnswer.Unexpected(reason));
                    assertThat(answer.evidenceValue()).as(hex).isEmpty();
                });
    }

    @Test
    void hex_shows_the_bytes_and_their_count() {
        assertThat(X224.hex(bytes("03 00 00 0b"))).isEqualTo("03 00 00 0b (4 bytes)");
        assertThat(X224.hex(new byte[0])).isEqualTo("(no bytes)");
    }

    private static String garbage(String hex, int requested) {
        return reason(X224.parseConfirm(bytes(hex), requested));
    }

    private static String reason(NegotiationAnswer answer) {
        assertThat(answer).isInstanceOf(NegotiationAnswer.Garbage.class);
        return ((NegotiationAnswer.Garbage) answer).reason();
    }

    private static byte[] bytes(String hex) {
        return hex.isEmpty() ? new byte[0] : HexFormat.ofDelimiter(" ").parseHex(hex);
    }

    private static InputStream stream(String hex) {
        return new ByteArrayInputStream(bytes(hex));
    }

    /** The bytes, then a socket timeout instead of more. */
    private static InputStream timingOut(String hex) {
        InputStream timeout =
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new SocketTimeoutException("Read timed out");
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        throw new SocketTimeoutException("Read timed out");
                    }
                };
        return new SequenceInputStream(stream(hex), timeout);
    }
}
