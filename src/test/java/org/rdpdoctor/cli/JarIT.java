package org.rdpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as a user runs it from the project folder: Drools must work from it. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JarIT {
    private static final Path JAR =
            Path.of(System.getProperty("build.dir", "target"), "rdp-doctor.jar");

    @Test
    void decode_prints_the_meanings_of_0x904_and_0x7_with_sources() throws Exception {
        Result result = run("", "decode", "0x904", "0x7");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out().toLowerCase())
                .contains("socket closed")
                .contains("server denied the connection")
                .contains("disconnectReasonAtClientWinsockFDCLOSE".toLowerCase())
                .contains("learn.microsoft.com");
    }

    @Test
    void rules_load_and_fire_from_the_jar() throws Exception {
        String events =
                """
                {"events": [{"type": "started", "errorCode": "0x904", "extendedCode": "0x7"}]}
                """;

        Result result = run(events, "diagnose");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("\"status\" : \"asking\"").contains("\"rule\" : ");
    }

    @Test
    void every_scenario_passes_when_run_from_the_jar() throws Exception {
        Result result = run("", "test-scenarios");

        assertThat(result.code()).as(result.out()).isZero();
        assertThat(result.out()).containsPattern("\\d+ passed, 0 failed");
    }

    @Test
    void a_rule_with_an_eval_over_a_bound_value_leaves_no_drools_log_line(@TempDir Path dir)
            throws Exception {
        Path rules =
                rulesWithTcpTestSucceeding(
                        dir,
                        "    Answer(question == \"tcp-port-test\", $o : option)\n"
                                + "    eval($o.equals(\"succeeds\"))\n");

        Result result =
                run(
                        "",
                        "test-scenarios",
                        "--rules=" + rules,
                        "--only",
                        "network/windows-firewall-blocks-rdp");

        assertThat(result.code()).as(result.out()).isZero();
        assertThat(result.err()).isEmpty();
    }

    @Test
    void lint_of_a_regular_expressions_backslash_written_once_prints_only_its_own_lines(
            @TempDir Path dir) throws Exception {
        Path rules =
                rulesWithTcpTestSucceeding(
                        dir,
                        "    Answer(question == \"tcp-port-test\", option matches"
                                + " \"succ\\deeds\")\n");

        Result result = run("", "lint", "--rules=" + rules);

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out())
                .contains(
                        "\\d in \"succ\\deeds\" is no escape a rule's text knows: in a rule's"
                                + " quotes a regular expression's \\ is written twice (\\\\d)");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void lint_of_a_backslash_written_once_in_a_consequences_id_prints_only_its_own_lines(
            @TempDir Path dir) throws Exception {
        Path rules =
                rulesWithNetworkLine(
                        dir,
                        "new Support(\"windows-firewall-blocks-rdp\",",
                        "new Support(\"windows-firewall\\dblocks-rdp\",");

        Result result = run("", "lint", "--rules=" + rules);

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out())
                .contains(
                        "network.drl:13:31: \\d in \"windows-firewall\\dblocks-rdp\" is no escape"
                                + " Java knows: write the backslash twice (\\\\d) or remove it");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void a_full_disk_is_reported_rather_than_passed_off_as_success() throws Exception {
        String events =
                """
                {"events": [{"type": "started", "errorCode": "0x904", "extendedCode": "0x7"}]}
                """;
        ProcessBuilder.Redirect full = ProcessBuilder.Redirect.to(new File("/dev/full"));

        List<Result> results =
                List.of(
                        run(full, "", "decode", "0x904"),
                        run(full, events, "diagnose"),
                        run(full, "", "--help"));

        for (Result result : results) {
            assertThat(result.code()).isEqualTo(1);
            assertThat(result.err())
                    .isEqualTo(
                            "error: cannot write the output: No space left on device"
                                    + System.lineSeparator());
        }
    }

    @Test
    void a_reader_that_stops_early_ends_the_command_quietly() throws Exception {
        Process process =
                new ProcessBuilder(command("tree", "--format", "mermaid"))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
        CompletableFuture<byte[]> err =
                CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (InputStream out = process.getInputStream()) {
            assertThat(new String(out.readNBytes(9), StandardCharsets.UTF_8))
                    .isEqualTo("flowchart");
        }
        boolean done = process.waitFor(2, TimeUnit.MINUTES);

        assertThat(done).as("the jar finished within its time limit").isTrue();
        assertThat(new String(err.join(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(process.exitValue()).isEqualTo(141);
    }

    @Test
    void output_is_utf8_under_a_c_locale_too() throws Exception {
        String events =
                """
                {"events": [{"type": "started", "errorCode": "0x904", "extendedCode": "0x7"},
                  {"type": "answered", "questionId": "error-message", "optionId": "credssp-oracle"}]}
                """;
        ProcessBuilder builder = new ProcessBuilder(command("diagnose"));
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("LC_") || name.equals("LANG"));
        builder.environment().put("LC_ALL", "C");

        Result result = run(builder, events);

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains(" → ").doesNotContain(" ? ");
    }

    @Test
    void ask_refuses_a_ticket_that_is_its_own_standard_input_as_it_refuses_a_dash()
            throws Exception {
        Result run =
                run(
                        "Error code: 0x904, Extended error code: 0x7\n",
                        "ask",
                        "--ticket",
                        "/dev/stdin");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .startsWith(
                        "error: --ticket /dev/stdin: the answers come from standard input; give"
                                + " the ticket's text as a file");
    }

    @Test
    void a_closed_standard_input_is_an_error_that_says_so() throws Exception {
        for (String[] args :
                List.of(
                        new String[] {"diagnose", "--input", "-"},
                        new String[] {"read-ticket"},
                        new String[] {"ask", "--code", "0x904", "--extended", "0x7"})) {
            List<String> closed = new ArrayList<>(List.of("sh", "-c", "exec \"$@\" <&-", "sh"));
            closed.addAll(command(args));
            Process process =
                    new ProcessBuilder(closed)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            CompletableFuture<byte[]> err =
                    CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            boolean done = process.waitFor(2, TimeUnit.MINUTES);

            assertThat(done).as("the jar finished within its time limit").isTrue();
            assertThat(process.exitValue()).as(args[0]).isEqualTo(1);
            assertThat(new String(err.join(), StandardCharsets.UTF_8))
                    .as(args[0])
                    .startsWith(
                            "error: standard input: closed: rdp-doctor was started without it (as"
                                    + " with <&-)");
        }
    }

    @Test
    void version_is_the_project_version() throws Exception {
        Result result = run("", "-V");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).matches("rdp-doctor \\d+\\.\\d+\\.\\d+\\S*\\R");
    }

    @Test
    void tree_prints_a_small_graph_to_its_end() throws Exception {
        Result result =
                run(
                        "",
                        "tree",
                        "--format=dot",
                        "--kb=src/test/resources/small/kb",
                        "--rules=src/test/resources/small/rules");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("digraph").endsWith("}" + System.lineSeparator());
    }

    /**
     * A copy of the project's rules in {@code dir}, with the first condition of network.drl on a
     * TCP test that succeeds written as {@code condition} instead.
     */
    private static Path rulesWithTcpTestSucceeding(Path dir, String condition) throws IOException {
        return rulesWithNetworkLine(
                dir,
                "    Answer(question == \"tcp-port-test\", option == \"succeeds\")\n",
                condition);
    }

    /**
     * A copy of the project's rules in {@code dir}, with the first {@code before} in network.drl
     * written as {@code after} instead.
     */
    private static Path rulesWithNetworkLine(Path dir, String before, String after)
            throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (Stream<Path> shipped = Files.list(Path.of("rules"))) {
            for (Path drl : shipped.toList()) {
                Files.copy(drl, rules.resolve(drl.getFileName()));
            }
        }
        Path network = rules.resolve("network.drl");
        assertThat(Files.readString(network)).contains(before);
        Files.writeString(
                network,
                Files.readString(network)
                        .replaceFirst(Pattern.quote(before), Matcher.quoteReplacement(after)));
        return rules;
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String input, String... args)
            throws IOException, InterruptedException {
        return run(ProcessBuilder.Redirect.PIPE, input, args);
    }

    private static Result run(ProcessBuilder.Redirect output, String input, String... args)
            throws IOException, InterruptedException {
        return run(new ProcessBuilder(command(args)).redirectOutput(output), input);
    }

    private static Result run(ProcessBuilder builder, String input)
            throws IOException, InterruptedException {
        Process process = builder.start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        CompletableFuture<byte[]> err =
                CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] out = process.getInputStream().readAllBytes();
        boolean done = process.waitFor(2, TimeUnit.MINUTES);
        assertThat(done).as("the jar finished within its time limit").isTrue();
        return new Result(
                process.exitValue(),
                new String(out, StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    private static List<String> command(String... args) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
