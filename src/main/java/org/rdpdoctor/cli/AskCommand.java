package org.rdpdoctor.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.rdpdoctor.StartRequest;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.InvalidEventException;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.engine.ScoreText;
import org.rdpdoctor.engine.TicketReader;
import org.rdpdoctor.engine.TicketReading;
import org.rdpdoctor.kb.DecodedCode;
import org.rdpdoctor.kb.ErrorCodeTable;
import org.rdpdoctor.kb.Step;
import org.rdpdoctor.kb.Utf8;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ask}: a guided session in the terminal. Numbers answer, {@code why} explains the question,
 * {@code back} takes the last answer back, {@code quit} ends.
 */
@Command(
        name = "ask",
        description =
                "Guided diagnosis in the terminal: answer numbered questions, then try the fixes.")
final class AskCommand implements Callable<Integer> {
    @Mixin KnowledgeOptions knowledge;

    @Option(
            names = "--code",
            description =
                    "the error code shown (asked for when missing); none when the dialog showed"
                            + " no code, as CredSSP's does")
    String code;

    @Option(
            names = "--extended",
            description =
                    "the extended error code shown; with --code and without this, the dialog"
                            + " showed none (unless --ticket names the same error code with one)")
    String extended;

    @Option(
            names = "--ticket",
            paramLabel = "FILE",
            description =
                    "a file of the ticket's text (UTF-8): its codes, unless given as options, and"
                            + " what it shows start the session")
    String ticket;

    @Spec CommandSpec spec;

    private PrintWriter out;
    private BufferedReader in;
    private boolean firstLine = true;

    @Override
    public Integer call() throws IOException {
        if (code != null && code.isBlank()) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "error: --code: missing: give the error code shown, e.g. 0x904, or"
                                    + " none when the dialog showed no code");
            return 2;
        }
        if (code == null && extended != null) {
            spec.commandLine().getErr().println("error: --extended needs --code");
            return 2;
        }
        String ticketText = null;
        if (ticket != null) {
            if (InputName.refusedEmpty(
                    ticket,
                    "--ticket",
                    "a file of the ticket's text",
                    spec.commandLine().getErr())) {
                return 2;
            }
            if (TicketText.isStandardInput(ticket)) {
                spec.commandLine()
                        .getErr()
                        .printf(
                                "error: --ticket %s: the answers come from standard input; give the"
                                        + " ticket's text as a file, or from a command as"
                                        + " --ticket <(command)%n",
                                ticket);
                return 2;
            }
            Optional<String> text = TicketText.read(ticket, spec.commandLine().getErr());
            if (text.isEmpty()) {
                return 1;
            }
            ticketText = text.get();
        }
        out = spec.commandLine().getOut();
        in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        RuleBase rules = knowledge.load();
        Diagnosis diagnosis;
        try {
            diagnosis = start(rules, ticketText);
        } catch (InvalidEventException e) {
            return CodeOptions.refuse(spec, e);
        }
        if (diagnosis == null) {
            out.println();
            out.println("No session started.");
            return 0;
        }
        try (diagnosis) {
            return loop(diagnosis);
        }
    }

    /**
     * Starts the session from the codes given as options, or else those the ticket names, or else
     * codes typed at the prompts, each asked again until it decodes (the extended code's offers the
     * one a ticket naming no error code names); what the ticket shows is added as evidence.
     *
     * @param ticketText the ticket's text, or null without one
     * @return the session, or null when the input ends or {@code quit} is typed at a prompt
     * @throws InvalidEventException when the codes given as options do not decode
     */
    private Diagnosis start(RuleBase rules, String ticketText) throws IOException {
        StartRequest given = new StartRequest(code, extended, null, null, null, ticketText);
        List<Event> events = given.events(rules);
        ErrorCodeTable table = rules.knowledge().errorCodes();
        TicketReading reading =
                ticketText == null ? null : TicketReader.read(rules.knowledge(), ticketText);
        if (((Event.Started) events.get(0)).errorCode() == null) {
            String error =
                    promptCode(
                            "Error code shown (none if the dialog showed no code) [0x904]: ",
                            "0x904",
                            table::decodeDisconnect);
            if (error == null) {
                return null;
            }
            String ext = null;
            DecodedCode decoded = table.decodeDisconnect(error);
            if (decoded.freerdpClass() == null && !decoded.isNone()) {
                // A ticket with no error code may still name the dialog's extended code.
                String ticketExtended = reading == null ? null : reading.extendedCode();
                String fallback = ticketExtended == null ? "0x7" : ticketExtended;
                ext =
                        promptCode(
                                "Extended error code shown ["
                                        + fallback
                                        + (ticketExtended == null ? "" : ", from the ticket")
                                        + "]: ",
                                fallback,
                                table::decodeExtended);
                if (ext == null) {
                    return null;
                }
            }
            given = new StartRequest(error, ext, null, null, null, ticketText);
            events = given.events(rules);
        }
        Diagnosis diagnosis = Diagnosis.replay(rules, events);
        DiagnosisState.Decoded decoded = diagnosis.state().decoded();
        if (decoded.error().isNone()) {
            out.printf("No error code: %s%n", decoded.error().meaning());
        } else {
            out.printf(
                    "%s = %s: %s%n",
                    decoded.error().shown(), decoded.error().name(), decoded.error().meaning());
        }
        if (decoded.extended() != null) {
            out.printf(
                    "%s = %s: %s%n",
                    decoded.extended().shown(),
                    decoded.extended().name(),
                    decoded.extended().meaning());
        }
        for (Event event : events.subList(1, events.size())) {
            if (event instanceof Event.EvidenceAdded e) {
                out.printf("From the ticket: %s = %s (\"%s\")%n", e.kind(), e.value(), e.detail());
            }
        }
        given.ticketNotes(rules, "--code", "--extended").forEach(out::println);
        note(diagnosis.state());
        return diagnosis;
    }

    /**
     * A code typed at a prompt, asked again with the reason until it decodes; null at the end of
     * the input or on {@code quit}.
     */
    private String promptCode(String text, String fallback, Consumer<String> decode)
            throws IOException {
        while (true) {
            String line = prompt(text, fallback);
            if (line == null || line.equals("quit")) {
                return null;
            }
            try {
                decode.accept(line);
                return line;
            } catch (IllegalArgumentException e) {
                out.println(e.getMessage());
            }
        }
    }

    private int loop(Diagnosis diagnosis) throws IOException {
        Deque<String> answered = new ArrayDeque<>();
        DiagnosisState state = diagnosis.state();
        while (true) {
            boolean orderingFixes = state.status() != DiagnosisState.Status.ASKING;
            DiagnosisState.NextQuestion q =
                    orderingFixes ? state.fixQuestion() : state.nextQuestion();
            if (q != null) {
                out.println();
                if (orderingFixes) {
                    out.println(
                            "Likely cause: "
                                    + title(state, state.leadingCause())
                                    + ". One more answer decides the order to try its fixes in.");
                }
                out.println(q.text());
                for (int i = 0; i < q.options().size(); i++) {
                    out.printf("  %d. %s%n", i + 1, q.options().get(i).label());
                }
                String line = prompt("Answer (number, why, back, quit): ", null);
                if (line == null || line.equals("quit")) {
                    summary(state);
                    return 0;
                } else if (line.equals("why")) {
                    why(q);
                } else if (line.equals("back")) {
                    if (answered.isEmpty()) {
                        out.println("Nothing to take back.");
                    } else {
                        state = diagnosis.apply(new Event.Withdrawn(answered.pop()));
                    }
                } else {
                    int choice = number(line, q.options().size());
                    if (choice < 0) {
                        out.println(
                                "Type a number from 1 to "
                                        + q.options().size()
                                        + ", why, back or quit.");
                    } else {
                        state =
                                diagnosis.apply(
                                        new Event.Answered(q.id(), q.options().get(choice).id()));
                        answered.push(q.id());
                    }
                }
            } else {
                summary(state);
                if (state.status() == DiagnosisState.Status.EXHAUSTED) {
                    DiagnosisState changed = takeBack(diagnosis, answered);
                    if (changed == null) {
                        return 0;
                    }
                    state = changed;
                    continue;
                }
                if (state.status() != DiagnosisState.Status.DIAGNOSED) {
                    return 0;
                }
                DiagnosisState next = tryFixes(diagnosis, state, answered);
                if (next == null) {
                    return 0;
                }
                state = next;
            }
        }
    }

    /**
     * Once no cause stands out: {@code back} takes the last answer back, so that an answer the user
     * was unsure of can be changed; null for {@code quit}, the end of the input, or when nothing
     * was answered.
     */
    private DiagnosisState takeBack(Diagnosis diagnosis, Deque<String> answered)
            throws IOException {
        while (!answered.isEmpty()) {
            String line = prompt("Type back to take the last answer back, or quit: ", null);
            if (line == null || line.equals("quit")) {
                return null;
            }
            if (line.equals("back")) {
                return diagnosis.apply(new Event.Withdrawn(answered.pop()));
            }
        }
        return null;
    }

    /**
     * Offers the untried fixes of the leading cause; returns the new state, or null to stop. {@code
     * back} takes the last answer back, which returns to the questions.
     */
    private DiagnosisState tryFixes(
            Diagnosis diagnosis, DiagnosisState state, Deque<String> answered) throws IOException {
        for (DiagnosisState.FixView fix : state.fixes()) {
            if (fix.worked() != null) {
                continue;
            }
            String reply = fixReply(fix);
            while (reply.equals("back") && answered.isEmpty()) {
                out.println("Nothing to take back.");
                reply = fixReply(fix);
            }
            if (reply.equals("quit")) {
                return null;
            }
            if (reply.equals("back")) {
                return diagnosis.apply(new Event.Withdrawn(answered.pop()));
            }
            if (!reply.equals("skip")) {
                DiagnosisState next =
                        diagnosis.apply(new Event.FixTried(fix.fixId(), reply.equals("yes")));
                if (next.status() == DiagnosisState.Status.SOLVED) {
                    out.println("Solved: " + title(next, next.confirmedCause()));
                    return null;
                }
                return next;
            }
        }
        out.println("No untried fix left for this cause.");
        return null;
    }

    /**
     * Whether a fix worked: "yes", "no", "skip" or "quit" (also at the end of the input), asked
     * again until the reply is one of them or its first letter, in any case; or "back".
     */
    private String fixReply(DiagnosisState.FixView fix) throws IOException {
        while (true) {
            String line =
                    prompt(
                            "Did \""
                                    + fix.title()
                                    + "\" work? (y = fixed, n = didn't help, s = skip, back,"
                                    + " quit): ",
                            null);
            if (line == null) {
                return "quit";
            }
            String reply = line.toLowerCase(Locale.ROOT);
            if (reply.equals("back")) {
                return reply;
            }
            for (String known : List.of("yes", "no", "skip", "quit")) {
                if (reply.equals(known) || reply.equals(known.substring(0, 1))) {
                    return known;
                }
            }
            out.println(
                    "Type y if the fix worked, n if it did not help, s to skip it, back to take"
                            + " the last answer back, or quit.");
        }
    }

    private void why(DiagnosisState.NextQuestion q) {
        out.println(q.why().summary());
        for (DiagnosisState.Reason reason : q.why().askedBecause()) {
            out.printf(
                    "  %s rule \"%s\" (sources %s)%n",
                    reason.weight().equals(DiagnosisState.Reason.FIRST)
                            ? "would move a fix up:"
                            : "asked by",
                    reason.rule(),
                    reason.citation());
        }
        for (DiagnosisState.Effect effect : q.why().effects()) {
            out.printf(
                    "  %s -> %s leads (%s)%n",
                    effect.label(), effect.leaderTitle(), ScoreText.of(effect.leaderScore()));
        }
        if (q.help() != null) {
            out.println("How to find out: " + q.help().strip());
        }
    }

    private void summary(DiagnosisState state) {
        out.println();
        out.println(
                "Status: "
                        + state.status().id()
                        + " after "
                        + state.questionsAsked()
                        + " question(s)");
        note(state);
        out.println("Ranked causes:");
        List<DiagnosisState.RankedCause> top =
                state.ranking().subList(0, Math.min(5, state.ranking().size()));
        for (int i = 0; i < top.size(); i++) {
            DiagnosisState.RankedCause c = top.get(i);
            out.printf("  %d. %-60s %s%n", i + 1, c.title(), ScoreText.signed(c.score()));
            for (DiagnosisState.Reason reason : c.explanation()) {
                out.printf(
                        "       %s: %s [%s]%n",
                        reason.weightText(), reason.rule(), reason.citation());
            }
        }
        if (state.status() == DiagnosisState.Status.ASKING) {
            out.println(
                    "No diagnosis yet, so no fixes to try: answer more questions, or check the"
                            + " host (probe), first.");
            state.fixes().stream()
                    .filter(fix -> fix.worked() != null)
                    .forEach(fix -> out.printf("  Tried: %s%s%n", fix.title(), outcome(fix)));
            return;
        }
        if (state.status() == DiagnosisState.Status.EXHAUSTED) {
            out.println(
                    "No cause stands out, so no fixes to try: change an answer you were unsure of,"
                            + " or check the host (probe).");
            return;
        }
        if (state.fixes().isEmpty()) {
            return;
        }
        out.println("Fixes for " + title(state, state.leadingCause()) + ":");
        for (int i = 0; i < state.fixes().size(); i++) {
            DiagnosisState.FixView fix = state.fixes().get(i);
            out.printf("  Fix %d: %s%s%n", i + 1, fix.title(), outcome(fix));
            for (DiagnosisState.Reason r : fix.tryFirst()) {
                out.printf(
                        "    Moved up because %s (rule \"%s\", sources %s)%n",
                        String.join("; ", r.facts()), r.rule(), r.citation());
            }
            if (fix.risk() != null) {
                out.println("    Warning: " + fix.risk().strip());
            }
            int n = 1;
            for (Step step : fix.steps()) {
                printStep(String.valueOf(n++), step);
            }
            if (fix.verify() != null) {
                printStep("Verify", fix.verify());
            }
            out.println("    " + fix.ifFailed().meaning());
        }
    }

    private void note(DiagnosisState state) {
        if (state.basisNote() != null) {
            out.println("Note: " + state.basisNote());
        }
    }

    private static String outcome(DiagnosisState.FixView fix) {
        return fix.worked() == null ? "" : fix.worked() ? " (worked)" : " (did not help)";
    }

    private void printStep(String label, Step step) {
        out.printf("    %s. %s%n", label, step.text().strip());
        if (step.code() != null) {
            out.printf(
                    "       [%s] %s%n",
                    step.codeKind(), step.code().strip().replace("\n", "\n         "));
        }
    }

    private static String title(DiagnosisState state, String causeId) {
        return state.ranking().stream()
                .filter(c -> c.causeId().equals(causeId))
                .findFirst()
                .map(DiagnosisState.RankedCause::title)
                .orElse(causeId);
    }

    /** The line typed, stripped; {@code fallback} for an empty line; null at the end of input. */
    private String prompt(String text, String fallback) throws IOException {
        out.print(text);
        out.flush();
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            throw new IOException("standard input: " + e.getMessage(), e);
        }
        if (line == null) {
            return null;
        }
        if (firstLine) {
            // Answers piped from a file a Windows tool wrote may start with a byte order mark.
            line = Utf8.withoutByteOrderMark(line);
            firstLine = false;
        }
        if (line.indexOf('\0') >= 0) {
            // A file, not a person: asking on would print an error per line of it.
            throw new IOException("standard input is not text (it holds a NUL byte)");
        }
        line = line.strip();
        return line.isEmpty() && fallback != null ? fallback : line;
    }

    private static int number(String line, int count) {
        try {
            int n = Integer.parseInt(line);
            return n >= 1 && n <= count ? n - 1 : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
