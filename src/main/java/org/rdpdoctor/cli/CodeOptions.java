package org.rdpdoctor.cli;

import org.rdpdoctor.engine.InvalidEventException;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code --code} and {@code --extended} options of {@code ask} and {@code tree}. */
final class CodeOptions {
    private CodeOptions() {}

    /**
     * Reports codes given as options that do not decode, naming the option rather than the event's
     * field; returns the exit code of wrong usage.
     *
     * @throws InvalidEventException again when its field is not a code's
     */
    static int refuse(CommandSpec spec, InvalidEventException e) {
        String option =
                switch (e.field()) {
                    case "errorCode" -> "--code";
                    case "extendedCode" -> "--extended";
                    default -> throw e;
                };
        spec.commandLine().getErr().println("error: " + option + ": " + e.reason());
        return 2;
    }
}
