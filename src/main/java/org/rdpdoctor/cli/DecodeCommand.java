package org.rdpdoctor.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.rdpdoctor.kb.DecodedCode;
import org.rdpdoctor.kb.ErrorCode;
import org.rdpdoctor.kb.ErrorCodeTable;
import org.rdpdoctor.kb.KbLoader;
import org.rdpdoctor.kb.KnowledgeBase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code decode 0x904 0x7}: what the codes of the error dialog mean. */
@Command(
        name = "decode",
        description = "Decode an error code and extended error code (0x904, 904 or 2308).")
final class DecodeCommand implements Callable<Integer> {
    @Mixin KbFolderOption folder;

    @Parameters(index = "0", description = "the error code, e.g. 0x904")
    String code;

    @Parameters(index = "1", arity = "0..1", description = "the extended error code, e.g. 0x7")
    String extended;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        KnowledgeBase kb = KbLoader.load(folder.kb);
        PrintWriter out = spec.commandLine().getOut();
        ErrorCodeTable table = kb.errorCodes();
        try {
            DecodedCode disconnect = table.decodeDisconnect(code);
            DecodedCode ext = extended == null ? null : table.decodeExtended(extended);
            print(out, kb, "Error code", disconnect, false);
            if (ext != null) {
                Optional<ErrorCode> server = table.serverErrorInfo(ext.value());
                print(out, kb, "Extended error code", ext, server.isPresent());
                server.ifPresent(
                        info ->
                                out.printf(
                                        "  Sent by the server as %s: %s%n",
                                        info.name(), info.meaning()));
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
        return 0;
    }

    /**
     * @param serverKnown whether the server's table names the code, so that a code the client's
     *     table does not know is not called unknown
     */
    private static void print(
            PrintWriter out,
            KnowledgeBase kb,
            String label,
            DecodedCode code,
            boolean serverKnown) {
        out.printf(
                "%s %s = %s (%d, read as %s)%n",
                label, code.input(), code.hex(), code.decimal(), code.reading());
        if (code.isKnown() || !serverKnown) {
            out.printf("  %s: %s%n", code.name(), code.meaning());
        } else {
            out.println("  not among the client's extended reasons; the server's table names it:");
        }
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
