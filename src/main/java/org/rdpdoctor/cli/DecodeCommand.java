package org.rdpdoctor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.kb.DecodedCode;
import org.rdpdoctor.kb.ErrorCodeTable;
import org.rdpdoctor.kb.KbLoader;
import org.rdpdoctor.kb.KnowledgeBase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code decode 0x904 0x7}: what the codes of the error dialog mean. */
@Command(
        name = "decode",
        description =
                "Decode an error code and extended error code (0x904, 904 or 2308), or FreeRDP's last"
                        + " error (0x00020008).")
final class DecodeCommand implements Callable<Integer> {
    @Mixin KbFolderOption folder;

    @Parameters(index = "0", description = "the error code, e.g. 0x904")
    String code;

    @Parameters(index = "1", arity = "0..1", description = "the extended error code, e.g. 0x7")
    String extended;

    @Option(
            names = "--json",
            description = "print the decoded codes as JSON, as the API's /decode answers")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        KnowledgeBase kb = KbLoader.load(folder.kb);
        PrintWriter out = spec.commandLine().getOut();
        ErrorCodeTable table = kb.errorCodes();
        try {
            if (json) {
                out.println(Json.mapper().writeValueAsString(table.describe(code, extended)));
                return 0;
            }
            DecodedCode disconnect = table.decodeDisconnect(code);
            DecodedCode ext =
                    extended == null || extended.isBlank() ? null : table.decodeExtended(extended);
            print(out, kb, "Error code", disconnect);
            if (ext != null) {
                print(out, kb, "Extended error code", ext);
                if (ext.isKnown()) {
                    table.serverErrorInfo(ext.value())
                            .ifPresent(
                                    info ->
                                            out.printf(
                                                    "  The same number as the server's error-info code %s: %s%n",
                                                    info.name(), info.meaning()));
                }
                disconnect.conflict(ext).ifPresent(why -> out.printf("Conflict: %s%n", why));
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
        return 0;
    }

    private static void print(PrintWriter out, KnowledgeBase kb, String label, DecodedCode code) {
        if (code.isNone()) {
            out.printf("%s none: %s%n", label, code.meaning());
            return;
        }
        out.printf(
                "%s %s = %s (%d, read as %s)%n",
                label, code.input(), code.shown(), code.decimal(), code.reading());
        out.printf("  %s: %s%n", code.name(), code.meaning());
        for (String id : code.sources()) {
            kb.source(id)
                    .ifPresent(
                            s ->
                                    out.printf(
                                            "  source %s: %s <%s>%n",
                                            s.id(), s.title(), s.location()));
        }
    }
}
