package org.rdpdoctor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.Evidence;
import org.rdpdoctor.engine.ScoreText;
import org.rdpdoctor.kb.Cause;
import org.rdpdoctor.kb.EvidenceKind;
import org.rdpdoctor.kb.Fix;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Question;
import org.rdpdoctor.kb.Source;
import org.rdpdoctor.store.SessionStatus;
import org.rdpdoctor.store.StoredEvent;

/**
 * What happened in a session, in order, for a ticket: the codes, the host, notes and ticket text
 * given at the start, every answer (and answer taken back), the answers the evidence gave, the
 * evidence with its source, the ranking with its reasons, the fixes tried, and where it stands in
 * words: the outcome and the fixes still to try.
 *
 * @param status the session's: open, solved or abandoned
 * @param diagnosis the diagnosis's: asking, diagnosed, solved or exhausted
 * @param ticketText the ticket's text as pasted at the start, or null
 * @param knowledgeVersion the version of the knowledge the ranking was worked out under: the one in
 *     force when the transcript was made, not the one the session was last written under
 * @param evidenceAnswers the answers the evidence (a ticket, a probe) gave, which no one typed
 * @param statusText the status and the diagnosis's in words: "open, no cause stands out"
 * @param outcome the outcome in words: "Diagnosis: … (likely)", "Diagnosis: … (a guess)" with the
 *     reason it is one (the state's {@code basisNote}), "No diagnosis yet", "Solved by …" with what
 *     is still to do after the fix that worked, if anything is
 * @param fixesToTry the leading cause's fixes not tried yet, in the order to try them; empty while
 *     questions remain and once solved
 * @param sources the sources the ranking's reasons cite, in the order first cited, so that a ticket
 *     says what each id stands for
 */
public record Transcript(
        String sessionId,
        String ticketRef,
        SessionStatus status,
        String diagnosis,
        String host,
        String notes,
        String ticketText,
        String knowledgeVersion,
        Instant createdAt,
        DiagnosisState.Decoded decoded,
        List<Step> steps,
        List<DiagnosisState.AnswerView> evidenceAnswers,
        List<EvidenceLine> evidence,
        List<DiagnosisState.RankedCause> ranking,
        String leadingCause,
        String confirmedCause,
        String statusText,
        String outcome,
        List<FixToTry> fixesToTry,
        List<Source> sources) {

    /** How many leading causes a transcript lists. */
    static final int RANKED = 5;

    /** The characters that start Markdown's inline syntax (emphasis, code, links, HTML, tables). */
    private static final String MARKDOWN_PUNCTUATION = "\\`*_[]<>|~&!#";

    public Transcript {
        steps = List.copyOf(steps);
        evidenceAnswers = List.copyOf(evidenceAnswers);
        evidence = List.copyOf(evidence);
        ranking = List.copyOf(ranking);
        fixesToTry = List.copyOf(fixesToTry);
        sources = List.copyOf(sources);
    }

    /**
     * A fix still to try, by id and title; {@code firstBecause} holds the facts that put it ahead
     * of the cause's other fixes (empty when none did).
     */
    public record FixToTry(String fixId, String title, List<String> firstBecause) {
        public FixToTry {
            firstBecause = List.copyOf(firstBecause);
        }
    }

    /**
     * An observation in force, with what its value tells the helpdesk ({@code meaning}, from {@code
     * evidence.yaml}; empty when the knowledge no longer has the value).
     */
    public record EvidenceLine(
            String kind, String value, String source, String detail, String meaning) {
        static EvidenceLine of(Evidence e, KnowledgeBase kb) {
            return new EvidenceLine(
                    e.kind(),
                    e.value(),
                    e.source(),
                    e.detail(),
                    kb.evidenceKind(e.kind())
                            .flatMap(k -> k.value(e.value()))
                            .map(EvidenceKind.Value::meaning)
                            .orElse(""));
        }
    }

    /**
     * One thing the helpdesk did: an answer ({@code kind} {@code answer}, or {@code changed} for
     * another answer to a question answered before), an answer taken back ({@code withdrawn}), or a
     * fix tried ({@code fix}, or {@code fix-corrected} for a fix whose result was reported before).
     *
     * @param leftOut why the knowledge or the engine in force no longer takes the step (a question
     *     or fix renamed or retired since), or null when it counts
     */
    public record Step(
            int seq, Instant at, String kind, String text, String result, String leftOut) {}

    static Transcript of(SessionView session, KnowledgeBase kb) {
        DiagnosisState state = session.state();
        Map<Integer, String> leftOut = new HashMap<>();
        state.leftOut().forEach(l -> leftOut.put(l.seq(), l.field() + ": " + l.reason()));
        List<Step> steps = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        Set<String> tried = new HashSet<>();
        Event.Started started = null;
        for (StoredEvent stored : session.events()) {
            Event event = stored.event();
            if (event instanceof Event.Started s) {
                started = s;
            } else if (event instanceof Event.Answered a) {
                steps.add(
                        new Step(
                                stored.seq(),
                                stored.at(),
                                answered.add(a.questionId()) ? "answer" : "changed",
                                question(kb, a.questionId()),
                                kb.question(a.questionId())
                                        .flatMap(q -> q.option(a.optionId()))
                                        .map(Option::label)
                                        .orElse(a.optionId()),
                                leftOut.get(stored.seq())));
            } else if (event instanceof Event.Withdrawn w) {
                answered.remove(w.questionId());
                steps.add(
                        new Step(
                                stored.seq(),
                                stored.at(),
                                "withdrawn",
                                question(kb, w.questionId()),
                                "taken back",
                                leftOut.get(stored.seq())));
            } else if (event instanceof Event.FixTried f) {
                steps.add(
                        new Step(
                                stored.seq(),
                                stored.at(),
                                tried.add(f.fixId()) ? "fix" : "fix-corrected",
                                kb.fix(f.fixId()).map(Fix::title).orElse(f.fixId()),
                                f.worked() ? "worked" : "did not help",
                                leftOut.get(stored.seq())));
            }
        }
        List<DiagnosisState.RankedCause> ranked =
                state.ranking().subList(0, Math.min(RANKED, state.ranking().size()));
        return new Transcript(
                session.id(),
                session.ticketRef(),
                session.status(),
                state.status().id(),
                started == null ? null : started.host(),
                started == null ? null : started.notes(),
                started == null ? null : started.ticketText(),
                state.knowledgeVersion(),
                session.createdAt(),
                state.decoded(),
                steps,
                state.answers().stream().filter(DiagnosisState.AnswerView::fromEvidence).toList(),
                state.evidence().stream().map(e -> EvidenceLine.of(e, kb)).toList(),
                ranked,
                state.leadingCause(),
                state.confirmedCause(),
                statusText(session.status(), state),
                outcome(state, kb),
                fixesToTry(state),
                cited(kb, ranked));
    }

    /**
     * The sources {@code ranking}'s reasons cite, in the order first cited; unknown ids left out.
     */
    private static List<Source> cited(KnowledgeBase kb, List<DiagnosisState.RankedCause> ranking) {
        return ranking.stream()
                .flatMap(c -> c.explanation().stream())
                .flatMap(r -> r.sources().stream())
                .distinct()
                .flatMap(id -> kb.source(id).stream())
                .toList();
    }

    /**
     * Where a session stands, in words: its status and its diagnosis's ("open, no cause stands
     * out"), as the transcript and the session's page say it. A diagnosis that only the codes, or
     * nothing, speak for is told as a guess, as its basis note says.
     */
    public static String statusText(SessionStatus status, DiagnosisState state) {
        DiagnosisState.Status diagnosis = state.status();
        String standing =
                switch (diagnosis) {
                    case ASKING -> "questions still to answer";
                    case DIAGNOSED ->
                            state.basisNote() == null
                                    ? "a likely cause found, fixes to try"
                                    : "only a guess so far, fixes to try";
                    case EXHAUSTED -> "no cause stands out";
                    case SOLVED -> "solved by a fix";
                };
        return switch (status) {
            case OPEN -> diagnosis == DiagnosisState.Status.SOLVED ? standing : "open, " + standing;
            case SOLVED -> "solved by a fix";
            case ABANDONED -> "abandoned, " + standing;
        };
    }

    private static String outcome(DiagnosisState state, KnowledgeBase kb) {
        String leader = state.leadingCause() == null ? null : title(kb, state.leadingCause());
        return switch (state.status()) {
            case SOLVED -> {
                Optional<DiagnosisState.FixView> worked =
                        state.fixes().stream()
                                .filter(f -> Boolean.TRUE.equals(f.worked()))
                                .findFirst();
                yield "Solved by "
                        + worked.map(DiagnosisState.FixView::title).orElse("a fix")
                        + (state.confirmedCause() == null
                                ? ""
                                : " (cause: " + title(kb, state.confirmedCause()) + ")")
                        + worked.map(DiagnosisState.FixView::followUp)
                                .map(todo -> ". Still to do: " + todo)
                                .orElse("");
            }
            case DIAGNOSED ->
                    state.basisNote() == null
                            ? "Diagnosis: " + leader + " (likely)"
                            : "Diagnosis: " + leader + " (a guess). " + state.basisNote();
            case EXHAUSTED ->
                    "No diagnosis: no cause stands out"
                            + (leader == null ? "" : "; closest, though unlikely: " + leader);
            case ASKING -> "No diagnosis yet";
        };
    }

    /** A cause's title, or its id when the knowledge no longer has it. */
    private static String title(KnowledgeBase kb, String causeId) {
        return kb.cause(causeId).map(Cause::title).orElse(causeId);
    }

    /**
     * The untried fixes of a diagnosis; none otherwise (the engine offers none when no cause stands
     * out).
     */
    private static List<FixToTry> fixesToTry(DiagnosisState state) {
        if (state.status() != DiagnosisState.Status.DIAGNOSED) {
            return List.of();
        }
        return state.fixes().stream()
                .filter(f -> f.worked() == null)
                .map(
                        f ->
                                new FixToTry(
                                        f.fixId(),
                                        f.title(),
                                        f.tryFirst().stream()
                                                .flatMap(r -> r.facts().stream())
                                                .distinct()
                                                .toList()))
                .toList();
    }

    /** What a step with an answer or a result says before its text. */
    private static String stepPrefix(String kind) {
        return switch (kind) {
            case "fix" -> "Tried fix: ";
            case "fix-corrected" -> "Corrected the result of fix: ";
            case "changed" -> "Changed the answer to: ";
            default -> "";
        };
    }

    private static String question(KnowledgeBase kb, String id) {
        return kb.question(id).map(Question::text).orElse(id);
    }

    /** The transcript as Markdown, to paste into a ticket. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## RDP diagnosis ").append(sessionId).append('\n').append('\n');
        if (ticketRef != null) {
            md.append("- Ticket: ").append(literal(ticketRef)).append('\n');
        }
        md.append("- Status: ").append(statusText).append('\n');
        md.append("- Outcome: ").append(outcome).append('\n');
        if (host != null && !host.isBlank()) {
            md.append("- Host: ").append(literal(host)).append('\n');
        }
        md.append("- Started: ").append(createdAt).append('\n');
        md.append("- Ranked under knowledge ").append(knowledgeVersion).append('\n');
        code(md, "Error code", decoded.error());
        code(md, "Extended error code", decoded.extended());
        if (notes != null && !notes.isBlank()) {
            md.append("\n### Notes\n\n");
            notes.strip()
                    .lines()
                    .forEach(line -> md.append("> ").append(literal(line)).append('\n'));
        }
        if (ticketText != null && !ticketText.isBlank()) {
            md.append("\n### Ticket text\n\n");
            fenced(md, ticketText);
        }
        md.append("\n### Steps\n\n");
        if (steps.isEmpty()) {
            md.append(
                    evidenceAnswers.isEmpty()
                            ? "No questions answered.\n"
                            : "No questions answered by hand.\n");
        }
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            md.append(i + 1).append(". ");
            if (s.kind().equals("withdrawn")) {
                md.append("Took back the answer to: ").append(s.text());
            } else {
                md.append(stepPrefix(s.kind()))
                        .append(s.text())
                        .append(" — **")
                        .append(s.result())
                        .append("**");
            }
            if (s.leftOut() != null) {
                md.append(" (no longer counts, the knowledge or the engine changed: ")
                        .append(literal(s.leftOut()))
                        .append(")");
            }
            md.append('\n');
        }
        if (!evidenceAnswers.isEmpty()) {
            md.append("\n### Answers the evidence gave\n\n");
            for (DiagnosisState.AnswerView a : evidenceAnswers) {
                md.append("- ")
                        .append(a.question())
                        .append(" — **")
                        .append(a.label())
                        .append("** (from ")
                        .append(literal(a.source()))
                        .append(")\n");
            }
        }
        if (!evidence.isEmpty()) {
            md.append("\n### Evidence\n\n");
            for (EvidenceLine e : evidence) {
                md.append("- ")
                        .append(literal(e.kind()))
                        .append(" = ")
                        .append(literal(e.value()))
                        .append(" (")
                        .append(literal(e.source()))
                        .append(e.detail().isEmpty() ? "" : ": " + literal(e.detail()))
                        .append(")")
                        .append(e.meaning().isEmpty() ? "" : ": " + e.meaning())
                        .append('\n');
            }
        }
        if (!fixesToTry.isEmpty()) {
            md.append("\n### Fixes still to try\n\n");
            for (int i = 0; i < fixesToTry.size(); i++) {
                FixToTry fix = fixesToTry.get(i);
                md.append(i + 1).append(". ").append(fix.title());
                if (!fix.firstBecause().isEmpty()) {
                    md.append(" — moved up because ")
                            .append(
                                    fix.firstBecause().stream()
                                            .map(Transcript::literal)
                                            .collect(Collectors.joining("; ")));
                }
                md.append('\n');
            }
        }
        md.append("\n### Ranking\n\n");
        for (int i = 0; i < ranking.size(); i++) {
            DiagnosisState.RankedCause c = ranking.get(i);
            md.append(i + 1)
                    .append(". ")
                    .append(c.title())
                    .append(" (" + ScoreText.signed(c.score()) + ")");
            if (c.causeId().equals(confirmedCause)) {
                md.append(" — confirmed by a fix that worked");
            }
            md.append('\n');
            for (DiagnosisState.Reason r : c.explanation()) {
                md.append("   - ").append(r.weightText()).append(": ").append(r.rule());
                if (!r.sources().isEmpty()) {
                    md.append(" [").append(r.citation()).append(']');
                }
                md.append('\n');
            }
        }
        if (!sources.isEmpty()) {
            md.append("\n### Sources\n\n");
            for (Source source : sources) {
                md.append("- ")
                        .append(source.id())
                        .append(": ")
                        .append(source.title())
                        .append(" (")
                        .append(source.location())
                        .append(")\n");
            }
        }
        return md.toString();
    }

    /**
     * Text from outside the knowledge (a ticket reference, the words a ticket or a probed server
     * gave) as Markdown shows it literally, on its line: Markdown's inline punctuation is escaped,
     * so a {@code <script>} or a {@code [link](...)} is text, and control characters are written
     * out ({@link OneLine}), so a line break cannot start a heading or forge a step. The API
     * refuses control characters in new one-line fields, but sessions stored before that, and the
     * words of tickets and servers, may hold them.
     */
    private static String literal(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints()
                .forEach(
                        c -> {
                            if (MARKDOWN_PUNCTUATION.indexOf(c) >= 0) {
                                out.append('\\');
                            }
                            out.appendCodePoint(c);
                        });
        return OneLine.of(out.toString());
    }

    /**
     * Text as a fenced code block that shows it verbatim: the fence is longer than any run of
     * backticks in the text, so no line of it can close the block. Each line of the text (ended by
     * a line feed, a carriage return or both) becomes one line of the block.
     */
    private static void fenced(StringBuilder md, String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        md.append(fence).append('\n');
        text.lines().forEach(line -> md.append(line).append('\n'));
        md.append(fence).append('\n');
    }

    private static void code(StringBuilder md, String label, DiagnosisState.Code code) {
        if (code != null && code.isNone()) {
            md.append("- ").append(label).append(": none — ").append(code.meaning()).append('\n');
        } else if (code != null) {
            md.append("- ")
                    .append(label)
                    .append(": ")
                    .append(code.shown())
                    .append(" (")
                    .append(code.decimal())
                    .append(") ")
                    .append(code.name())
                    .append(" — ")
                    .append(code.meaning())
                    .append('\n');
        }
    }
}
