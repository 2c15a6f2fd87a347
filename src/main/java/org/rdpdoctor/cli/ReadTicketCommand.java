package org.rdpdoctor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.engine.TicketReader;
import org.rdpdoctor.engine.TicketReading;
import org.rdpdoctor.kb.EvidenceKind;
import org.rdpdoctor.kb.KbLoader;
import org.rdpdoctor.kb.KnowledgeBase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code read-ticket ticket.txt}: what a session started from a ticket's text would take from it,
 * and the other error codes it names, each of which needs a session of its own.
 */
@Command(
        name = "read-ticket",
        description =
                "Read a ticket's text (pasted dialogs, event log lines): the codes, the evidence a"
                        + " session started from it takes, and the other error codes it names.")
final class ReadTicketCommand implements Callable<Integer> {
    @Mixin KbFolderOption folder;

    @Parameters(
            index = "0",
            arity = "0..1",
            defaultValue = "-",
            description = "file of the ticket's text (UTF-8), or - for standard input (default)")
    String input;

    @Option(
            names = "--json",
            description = "print what was found as JSON, as the API's /ticket-reading answers")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (InputName.refusedEmpty(
                input,
                "the file name",
                "a file of the ticket's text, or - for standard input",
                spec.commandLine().getErr())) {
            return 2;
        }
        Optional<String> text = TicketText.read(input, spec.commandLine().getErr());
        if (text.isEmpty()) {
            return 1;
        }
        KnowledgeBase kb = KbLoader.load(folder.kb);
        TicketReading reading = TicketReader.read(kb, text.get());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper().writeValueAsString(reading));
        } else {
            print(out, kb, reading);
        }
        return 0;
    }

    private static void print(PrintWriter out, KnowledgeBase kb, TicketReading reading) {
        if (reading.errorCode() == null
                && reading.extendedCode() == null
                && reading.evidence().isEmpty()) {
            out.println(
                    "The text names no error code and nothing else the knowledge reads: ask the"
                            + " user for the codes of the error dialog.");
            return;
        }
        out.printf(
                "Error code: %s%n",
                reading.errorCode() == null
                        ? "none named (ask the user for it; start with --code none if the"
                                + " dialog showed none)"
                        : reading.errorCode());
        if (reading.extendedCode() != null) {
            out.printf("Extended error code: %s%n", reading.extendedCode());
        }
        if (!reading.evidence().isEmpty()) {
            out.println("Evidence a session started from it takes:");
            for (Event.EvidenceAdded e : reading.evidence()) {
                String meaning =
                        kb.evidenceKind(e.kind())
                                .flatMap(k -> k.value(e.value()))
                                .map(EvidenceKind.Value::meaning)
                                .orElse("");
                out.printf("  %s = %s, from \"%s\"%n", e.kind(), e.value(), e.detail());
                if (!meaning.isEmpty()) {
                    out.printf("    %s%n", meaning);
                }
            }
        }
        if (!reading.otherErrorCodes().isEmpty()) {
            out.printf(
                    "Also named: %s. A session diagnoses one error: start another for each.%n",
                    String.join(
                            ", ",
                            reading.otherErrorCodes().stream()
                                    .map(reading::withItsExtendedCode)
                                    .toList()));
        }
        if (reading.setAsideExtendedCode() != null) {
            out.printf(
                    "Not taken: the extended code %s, which the error code %s contradicts"
                            + " (FreeRDP's last error is the whole report).%n",
                    reading.setAsideExtendedCode(), reading.errorCode());
        }
    }
}
