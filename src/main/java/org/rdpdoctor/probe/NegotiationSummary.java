package org.rdpdoctor.probe;

import static org.rdpdoctor.probe.ProbeResult.evidence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.probe.ProbeResult.Status;

/**
 * What the answers to the negotiation requests say together.
 *
 * <p>The {@code rdp-negotiation} evidence is the answer to the request current clients send (0xB),
 * or to the next in 0x3, 0x1, 0x0 when that got no negotiation answer. The {@code nla} evidence
 * compares requests with and without CredSSP: {@code required} when requests without it are refused
 * with HYBRID_REQUIRED_BY_SERVER, {@code offered} when CredSSP is selected but a request without it
 * is accepted too, {@code not-offered} when requests with it get another protocol or
 * SSL_NOT_ALLOWED_BY_SERVER, or no negotiation data. A failure about TLS alone
 * (SSL_CERT_NOT_ON_SERVER, for one) says nothing of NLA.
 */
final class NegotiationSummary {
    private static final List<Integer> PREFERENCE = List.of(0xB, 0x3, 0x1, 0x0);
    private static final Map<Integer, String> LAYERS =
            Map.of(
                    X224.PROTOCOL_RDP, "Standard RDP Security",
                    X224.PROTOCOL_SSL, "TLS",
                    X224.PROTOCOL_HYBRID, "CredSSP (NLA)",
                    X224.PROTOCOL_HYBRID_EX, "CredSSP with early authorization (HYBRID_EX)");
    private static final Map<Integer, String> REQUEST_NAMES =
            Map.of(0x0, "RDP-only", 0x1, "TLS-only", 0x3, "TLS+CredSSP", 0xB, "TLS+CredSSP+EUA");

    private final List<Exchange> exchanges;

    NegotiationSummary(List<Exchange> exchanges) {
        this.exchanges = List.copyOf(exchanges);
    }

    /** The exchanges, the request current clients send first. */
    static List<Exchange> byPreference(List<Exchange> exchanges) {
        return exchanges.stream()
                .sorted(Comparator.comparingInt(e -> rank(e.requested())))
                .toList();
    }

    /** The exchange whose answer is the {@code rdp-negotiation} evidence. */
    Optional<Exchange> primary() {
        List<Exchange> ordered = byPreference(exchanges);
        return ordered.stream()
                .filter(Exchange::isNegotiated)
                .findFirst()
                .or(
                        () ->
                                ordered.stream()
                                        .filter(e -> e.answer().evidenceValue().isPresent())
                                        .findFirst());
    }

    /**
     * {@code required}, {@code offered}, {@code not-offered}, or empty when unclear: also when the
     * answers contradict each other.
     */
    Optional<String> nla() {
        if (contradiction().isPresent()) {
            return Optional.empty();
        }
        boolean acceptedWithout = withoutHybrid(NegotiationSummary::isAccepted).isPresent();
        boolean refusedForNla = withoutHybrid(NegotiationSummary::isHybridRequired).isPresent();
        boolean hybridSelected =
                exchanges.stream()
                        .anyMatch(
                                e ->
                                        e.selects(X224.PROTOCOL_HYBRID)
                                                || e.selects(X224.PROTOCOL_HYBRID_EX));
        boolean hybridDeclined = exchanges.stream().anyMatch(NegotiationSummary::declinesHybrid);
        boolean noNegotiation =
                exchanges.stream()
                        .anyMatch(e -> e.answer() instanceof NegotiationAnswer.NoNegotiation);
        if (refusedForNla) {
            return Optional.of("required");
        }
        if (hybridSelected) {
            return acceptedWithout ? Optional.of("offered") : Optional.empty();
        }
        return hybridDeclined || noNegotiation ? Optional.of("not-offered") : Optional.empty();
    }

    ProbeResult result(String name) {
        List<String> raw = exchanges.stream().map(Exchange::raw).toList();
        Optional<Exchange> primary = primary();
        if (primary.isEmpty()
                && exchanges.stream()
                        .anyMatch(e -> e.answer() instanceof NegotiationAnswer.Unfinished)) {
            return ProbeResult.of(
                    name,
                    Status.FAILURE,
                    "Not finished: the run's deadline ended the wait for the server's answer ("
                            + answers()
                            + "); run the probe again with a longer deadline.",
                    raw,
                    List.of());
        }
        if (primary.isEmpty() && hasDisallowedAnswer()) {
            return ProbeResult.of(
                    name,
                    Status.WARNING,
                    "An RDP server answers, but not as the protocol allows: "
                            + answers()
                            + ". An RDP implementation other than Windows', or a proxy that"
                            + " rewrites the negotiation.",
                    raw,
                    List.of());
        }
        if (primary.isEmpty()
                && exchanges.stream()
                        .anyMatch(e -> e.answer() instanceof NegotiationAnswer.Incomplete)) {
            return ProbeResult.of(
                    name,
                    Status.FAILURE,
                    "The server's answer starts as an RDP answer does (a TPKT header) but stops"
                            + " before its end ("
                            + answers()
                            + "): a listener that hangs or drops connections mid-answer, or a"
                            + " network path that loses them; run the probe again.",
                    raw,
                    List.of());
        }
        if (primary.isEmpty()) {
            return ProbeResult.of(
                    name,
                    Status.FAILURE,
                    "No request got through: " + answers() + ".",
                    raw,
                    List.of());
        }
        Exchange main = primary.get();
        List<Event.EvidenceAdded> evidence = new ArrayList<>();
        evidence.add(
                evidence(
                        "rdp-negotiation",
                        main.answer().evidenceValue().orElseThrow(),
                        main.answer().describe(main.requested())
                                + " (answers: "
                                + answers()
                                + ")"));
        Optional<String> nla = nla();
        nla.ifPresent(value -> evidence.add(evidence("nla", value, nlaDetail(value))));
        boolean contradicts = contradiction().isPresent();
        Status status =
                (contradicts || hasDisallowedAnswer()) && status(main) == Status.OK
                        ? Status.WARNING
                        : status(main);
        return ProbeResult.unsettling(
                name,
                status,
                verdict(main, nla),
                raw,
                evidence,
                contradicts ? Set.of("nla") : Set.of());
    }

    /**
     * Two answers, or one answer and its own request, that no one server's settings give, in words;
     * empty when the answers agree. A server refuses a request for lacking what it offered; or
     * refuses a request without CredSSP for lacking it (HYBRID_REQUIRED_BY_SERVER) and accepts
     * another without it; or selects a protocol once and then refuses it, or selects a lower one
     * (Standard RDP Security, TLS without CredSSP), when another request offers it again: one
     * address with several hosts behind it set up differently (a farm behind a load balancer), or a
     * faulty listener.
     */
    Optional<String> contradiction() {
        for (Exchange e : exchanges) {
            if (e.answer() instanceof NegotiationAnswer.Failed f
                    && refusesWhatItWasOffered(f.code(), e.requested())) {
                return Optional.of(
                        "0x%X got %s, although it offered that"
                                .formatted(e.requested(), e.answer().summary()));
            }
        }
        Optional<Exchange> refusedForNla = withoutHybrid(NegotiationSummary::isHybridRequired);
        Optional<Exchange> acceptedWithout = withoutHybrid(NegotiationSummary::isAccepted);
        if (refusedForNla.isPresent() && acceptedWithout.isPresent()) {
            Exchange refused = refusedForNla.get();
            Exchange accepted = acceptedWithout.get();
            return Optional.of(
                    "0x%X got %s, but 0x%X, which did not offer CredSSP either, got %s"
                            .formatted(
                                    refused.requested(),
                                    refused.answer().summary(),
                                    accepted.requested(),
                                    accepted.answer().summary()));
        }
        for (Exchange a : exchanges) {
            if (!(a.answer() instanceof NegotiationAnswer.Selected s)
                    || s.protocol() == X224.PROTOCOL_RDP) {
                continue;
            }
            for (Exchange b : exchanges) {
                boolean offered = b != a && (b.requested() & s.protocol()) != 0;
                boolean turnedDown =
                        b.answer() instanceof NegotiationAnswer.Failed
                                || b.answer() instanceof NegotiationAnswer.Selected lower
                                        && lower.protocol() < s.protocol();
                if (offered && turnedDown) {
                    return Optional.of(
                            "0x%X got %s, but 0x%X, which offered it too, got %s"
                                    .formatted(
                                            a.requested(),
                                            a.answer().summary(),
                                            b.requested(),
                                            b.answer().summary()));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean refusesWhatItWasOffered(int code, int requested) {
        int tls = X224.PROTOCOL_SSL | X224.PROTOCOL_HYBRID | X224.PROTOCOL_HYBRID_EX;
        return switch (code) {
            case 1 -> (requested & X224.PROTOCOL_SSL) != 0;
            case 2, 3 -> (requested & tls) == 0;
            case 5 -> (requested & X224.PROTOCOL_HYBRID) != 0;
            default -> false;
        };
    }

    private Status status(Exchange main) {
        if (main.answer() instanceof NegotiationAnswer.Selected) {
            return Status.OK;
        }
        if (main.answer() instanceof NegotiationAnswer.NoNegotiation) {
            return Status.WARNING;
        }
        boolean anySelected =
                exchanges.stream().anyMatch(e -> e.answer() instanceof NegotiationAnswer.Selected);
        return main.answer() instanceof NegotiationAnswer.Failed && anySelected
                ? Status.WARNING
                : Status.FAILURE;
    }

    private String verdict(Exchange main, Optional<String> nla) {
        NegotiationAnswer answer = main.answer();
        if (answer instanceof NegotiationAnswer.Closed) {
            return "The server accepts the connection but closes it without answering the RDP"
                    + " request: a listener that turns clients away, or not RDP.";
        }
        if (answer instanceof NegotiationAnswer.DisconnectRequest d) {
            return "The server answers the RDP request with an "
                    + d.named()
                    + ": something that speaks RDP's connection layer (the listener, or a proxy in"
                    + " front of it) turns the connection away before negotiating security.";
        }
        if (answer instanceof NegotiationAnswer.NoAnswer) {
            return "The server accepts the connection but never answers the RDP request: a hung"
                    + " listener, or not RDP.";
        }
        if (answer instanceof NegotiationAnswer.Garbage g) {
            return "Something that is not an RDP server answers on the port (" + g.reason() + ").";
        }
        if (answer instanceof NegotiationAnswer.NoNegotiation) {
            return "The server answers without negotiation data: a very old RDP server"
                    + " (Standard RDP Security only), or something else on the port.";
        }
        return layers()
                + nlaSentence(nla)
                + contradiction()
                        .map(
                                c ->
                                        " The answers contradict each other ("
                                                + c
                                                + "): several hosts set up differently behind one"
                                                + " address (a farm behind a load balancer), or a"
                                                + " faulty listener.")
                        .orElse("")
                + anomalies();
    }

    private String layers() {
        List<String> accepted =
                exchanges.stream()
                        .map(Exchange::answer)
                        .filter(a -> a instanceof NegotiationAnswer.Selected)
                        .map(a -> ((NegotiationAnswer.Selected) a).protocol())
                        .distinct()
                        .sorted()
                        .map(LAYERS::get)
                        .toList();
        Map<Integer, List<String>> refused = new LinkedHashMap<>();
        for (Exchange e : exchanges) {
            if (e.answer() instanceof NegotiationAnswer.Failed f) {
                refused.computeIfAbsent(f.code(), code -> new ArrayList<>())
                        .add(REQUEST_NAMES.getOrDefault(e.requested(), "0x" + e.requested()));
            }
        }
        String refusals =
                refused.entrySet().stream()
                        .map(
                                r ->
                                        and(r.getValue())
                                                + " requests ("
                                                + X224.failureName(r.getKey())
                                                + ")")
                        .collect(Collectors.joining("; "));
        if (accepted.isEmpty()) {
            return "The server accepts none of the requests: it refuses " + refusals + ".";
        }
        return "The server accepts "
                + and(accepted)
                + (refusals.isEmpty() ? "" : "; it refuses " + refusals)
                + ".";
    }

    private static String nlaSentence(Optional<String> nla) {
        return switch (nla.orElse("")) {
            case "required" -> " NLA is required.";
            case "offered" -> " NLA is offered but not required.";
            case "not-offered" -> " NLA is not offered.";
            default -> " Whether NLA is required is unclear.";
        };
    }

    private String anomalies() {
        String odd =
                exchanges.stream()
                        .filter(e -> !e.isNegotiated())
                        .map(e -> "0x%X: %s".formatted(e.requested(), e.answer().summary()))
                        .collect(Collectors.joining("; "));
        return odd.isEmpty() ? "" : " No proper answer for " + odd + ".";
    }

    private String nlaDetail(String value) {
        String answers = answers();
        return switch (value) {
            case "required" ->
                    "requests without CredSSP are refused with HYBRID_REQUIRED_BY_SERVER ("
                            + answers
                            + ")";
            case "offered" ->
                    "CredSSP is selected when asked for, and requests without it are accepted ("
                            + answers
                            + ")";
            default ->
                    "requests with CredSSP get another protocol or are refused TLS, or the server"
                            + " does not negotiate ("
                            + answers
                            + ")";
        };
    }

    /**
     * {@code 0xB, 0x3 selected HYBRID (0x2); 0x1, 0x0 failure HYBRID_REQUIRED_BY_SERVER (0x5)}: the
     * requests that got the same answer named together, in the order they were sent; {@code every
     * request (0xB, 0x3, 0x1, 0x0) selected RDP (0x0)} when all got one answer.
     */
    private String answers() {
        Map<String, List<String>> requestsByAnswer = new LinkedHashMap<>();
        for (Exchange e : exchanges) {
            requestsByAnswer
                    .computeIfAbsent(e.answer().summary(), answer -> new ArrayList<>())
                    .add("0x%X".formatted(e.requested()));
        }
        if (requestsByAnswer.size() == 1 && exchanges.size() > 1) {
            var only = requestsByAnswer.entrySet().iterator().next();
            return "every request (" + String.join(", ", only.getValue()) + ") " + only.getKey();
        }
        return requestsByAnswer.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + " " + e.getKey())
                .collect(Collectors.joining("; "));
    }

    /**
     * True when a request that offered CredSSP got an answer that leaves it out: another protocol
     * selected, or SSL_NOT_ALLOWED_BY_SERVER (Standard RDP Security only, so no TLS for CredSSP to
     * run in). The other failures are about TLS alone (no certificate, inconsistent flags, client
     * certificates required) or refuse what the request offered (see {@link #contradiction()}), and
     * say nothing of NLA.
     */
    private static boolean declinesHybrid(Exchange e) {
        boolean otherSelected =
                e.answer() instanceof NegotiationAnswer.Selected s
                        && s.protocol() != X224.PROTOCOL_HYBRID
                        && s.protocol() != X224.PROTOCOL_HYBRID_EX;
        boolean tlsNotAllowed = e.answer() instanceof NegotiationAnswer.Failed f && f.code() == 2;
        return e.asksForHybrid() && (otherSelected || tlsNotAllowed);
    }

    /** True when some answer is one the protocol does not allow for its request. */
    private boolean hasDisallowedAnswer() {
        return exchanges.stream().anyMatch(e -> e.answer() instanceof NegotiationAnswer.Unexpected);
    }

    /**
     * The first exchange whose request did not offer CredSSP and whose answer passes {@code test}.
     */
    private Optional<Exchange> withoutHybrid(Predicate<Exchange> test) {
        return exchanges.stream().filter(e -> !e.asksForHybrid() && test.test(e)).findFirst();
    }

    private static boolean isAccepted(Exchange e) {
        return e.answer() instanceof NegotiationAnswer.Selected;
    }

    private static boolean isHybridRequired(Exchange e) {
        return e.answer() instanceof NegotiationAnswer.Failed f && f.code() == 5;
    }

    private static int rank(int requested) {
        int at = PREFERENCE.indexOf(requested);
        return at < 0 ? PREFERENCE.size() : at;
    }

    private static String and(List<String> items) {
        if (items.size() < 2) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1))
                + " and "
                + items.get(items.size() - 1);
    }
}
