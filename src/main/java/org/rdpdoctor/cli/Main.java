package org.rdpdoctor.cli;

import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rdpdoctor.engine.InvalidEventException;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.store.StoreUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code java -jar rdp-doctor.jar <command>}. */
@Command(
        name = "rdp-doctor",
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Walks a helpdesk through a Remote Desktop failure to its cause and fix.",
        subcommands = {
            DecodeCommand.class,
            ReadTicketCommand.class,
            AskCommand.class,
            DiagnoseCommand.class,
            ProbeCommand.class,
            ServeCommand.class,
            LintCommand.class,
            TreeCommand.class,
            TestScenariosCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Callable<Integer> {
    /** How the JDK words EPIPE, the error of a write to a pipe nobody reads any more. */
    private static final String BROKEN_PIPE = "Broken pipe";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (ClosedInput.isStandardInput(ownJar())) {
            System.setIn(new ClosedInput());
        }
        CommandLine cli = commandLine(Output.standard(), Output.utf8(FileDescriptor.err));
        System.exit(cli.execute(args));
    }

    /** The jar this program runs from, or null when it runs from classes. */
    private static Path ownJar() {
        try {
            Path code =
                    Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(code) ? code.toRealPath() : null;
        } catch (URISyntaxException | IOException | SecurityException e) {
            return null;
        }
    }

    /**
     * The configured command line, as {@link #main} runs it, printing to {@code out} and, through
     * {@link ErrorOutput}, to {@code err}; tests call this too.
     */
    public static CommandLine commandLine(PrintWriter out, Writer err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(new PrintWriter(new ErrorOutput(err), true));
        cli.setExecutionStrategy(
                parseResult -> {
                    // Help and version are printed outside the commands, so failures to write
                    // them are caught here; a command's own reach the handler below.
                    try {
                        int code = new CommandLine.RunLast().execute(parseResult);
                        cli.getOut().flush();
                        return code;
                    } catch (Output.Failed e) {
                        return outputFailed(cli, e);
                    }
                });
        cli.setParameterExceptionHandler(Main::wrongUsage);
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    if (e instanceof Output.Failed failed) {
                        return outputFailed(commandLine, failed);
                    }
                    if (e instanceof InvalidKnowledgeException
                            || e instanceof InvalidEventException
                            || e instanceof StoreUnavailableException
                            || e instanceof IOException
                            || e instanceof UncheckedIOException) {
                        Exception shown = e instanceof UncheckedIOException io ? io.getCause() : e;
                        // A store's message names its URL, which may hold the password.
                        commandLine
                                .getErr()
                                .println(
                                        "error: "
                                                + ServeCommand.withoutPassword(shown.getMessage()));
                        return 1;
                    }
                    throw e;
                });
        return cli;
    }

    /**
     * Wrong usage, as picocli reports it, but for an unknown option where picocli names a missing
     * argument first ({@code probe --bogus}: the option is the mistake, not the host left out).
     */
    private static int wrongUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        List<String> unmatched = command.getUnmatchedArguments();
        if (e instanceof CommandLine.MissingParameterException
                && !unmatched.isEmpty()
                && unmatched.get(0).startsWith("-")) {
            err.println("Unknown option: '" + unmatched.get(0) + "'");
        } else {
            err.println(e.getMessage());
        }
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        command.usage(err);
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * A failed write is an error, except when the reader went away ({@code tree | head}): then the
     * command ends quietly with 141, as a Unix tool stopped by SIGPIPE does.
     */
    private static int outputFailed(CommandLine cli, Output.Failed e) {
        if (BROKEN_PIPE.equals(e.getCause().getMessage())) {
            return 128 + 13;
        }
        cli.getErr().println("error: " + e.getMessage());
        return 1;
    }

    /** Without a command: the usage, on standard error, as for any other wrong usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {
                "rdp-doctor " + (version == null ? "(development build)" : version)
            };
        }
    }
}
