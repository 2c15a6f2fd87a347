package org.rdpdoctor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code diagnose --input events.json}: events in, state out as JSON, for ticketing systems. */
@Command(
        name = "diagnose",
        description =
                "Replay a session's events ({\"events\": [...]}) and print its state as JSON.")
final class DiagnoseCommand implements Callable<Integer> {
    @Mixin KnowledgeOptions knowledge;

    @Option(
            names = "--input",
            defaultValue = "-",
            description = "events file, or - for standard input (default)")
    String input;

    @Spec CommandSpec spec;

    /** The input document. */
    record Input(List<Event> events) {}

    @Override
    public Integer call() throws IOException {
        Input parsed;
        try (InputStream in =
                input.equals("-") ? System.in : Files.newInputStream(Path.of(input))) {
            parsed = Json.mapper().readValue(in, Input.class);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            spec.commandLine()
                    .getErr()
                    .printf(
                            "error: %s%s: %s%n",
                            input.equals("-") ? "standard input" : input,
                            at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr(),
                            e.getOriginalMessage());
            return 1;
        } catch (IOException e) {
            spec.commandLine().getErr().printf("error: --input %s: %s%n", input, unreadable(e));
            return 1;
        }
        if (parsed == null || parsed.events() == null) {
            spec.commandLine().getErr().println("error: the input needs an \"events\" list");
            return 1;
        }
        try (Diagnosis diagnosis = Diagnosis.replay(knowledge.load(), parsed.events())) {
            spec.commandLine()
                    .getOut()
                    .println(Json.mapper().writeValueAsString(diagnosis.state()));
        }
        return 0;
    }

    /** Why the input file could not be read, in words rather than an exception's name. */
    private String unreadable(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (Files.isDirectory(Path.of(input))) {
            return "is a folder, not a file of events";
        }
        return e.getMessage();
    }
}
