package org.rdpdoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.ReloadStatus.Outcome;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Problem;
import org.rdpdoctor.store.JdbcSessionStore;

/**
 * Hot reload over a copy of the real {@code kb/} and {@code rules/}: broken edits are refused while
 * the knowledge in force keeps serving, good edits go live whole, and no request ever mixes two
 * versions. Each reload compiles the real rules, so the tests reload as few times as they can.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KnowledgeReloaderTest {
    private static final long WAIT_SECONDS = 120;
    private static final String CAUSE = "windows-firewall-blocks-rdp";
    private static final String TITLE =
            "title: Windows Firewall on the host blocks Remote Desktop\n";
    private static final String WORKS_BY_IP =
            "    Answer(question == \"works-by-ip\", option == \"ip-works\")\n";
    private static final String BROKEN_WORKS_BY_IP = WORKS_BY_IP.replace(")\n", "\n");
    private static final String DNS_SUPPORT =
            WORKS_BY_IP
                    + "then\n"
                    + "    insertLogical(new Support(\"dns-wrong-address\", Weight.STRONG, kcontext));";
    private static final String DNS_SCENARIO = "scenarios/network/dns-wrong-address.yaml";

    @TempDir static Path copy;

    private static Path kb;
    private static Path rules;
    private static RuleBase original;

    private RdpDoctor doctor;
    private KnowledgeReloader reloader;

    @BeforeAll
    static void copyAndCompileTheRealKnowledge() {
        kb = copy.resolve("kb");
        rules = copy.resolve("rules");
        restore();
        original = RuleBase.load(kb, rules);
    }

    @BeforeEach
    void openDoctorOverTheCopy() {
        restore();
        doctor =
                new RdpDoctor(
                        original,
                        JdbcSessionStore.open(
                                "jdbc:h2:mem:reload-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                                null,
                                null));
        reloader = new KnowledgeReloader(doctor, kb, rules);
    }

    @AfterEach
    void close() {
        reloader.close();
        doctor.close();
    }

    @Test
    void a_broken_rule_file_is_refused_with_its_file_and_line_while_the_old_knowledge_serves() {
        SessionView open = doctor.start(StartRequest.of("0x904", "0x7"));
        int line = edit(rules.resolve("network.drl"), WORKS_BY_IP, BROKEN_WORKS_BY_IP);

        ReloadStatus status = reloader.reloadNow();

        assertThat(status.lastAttempt().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(status.lastAttempt().version()).isNull();
        assertThat(status.lastAttempt().problems())
                .anySatisfy(
                        p -> {
                            assertThat(p.file())
                                    .isEqualTo(Problem.shown(rules.resolve("network.drl")));
                            assertThat(p.line()).isBetween(line, line + 1);
                        });
        assertThat(status.version()).isEqualTo(original.version());
        assertThat(doctor.rules()).isSameAs(original);
        assertThat(doctor.start(StartRequest.of("0x904", "0x7")).state().knowledgeVersion())
                .isEqualTo(original.version());
        assertThat(answerUnknown(open).knowledgeVersion()).isEqualTo(original.version());
    }

    @Test
    void knowledge_whose_scenarios_were_moved_away_is_refused_while_the_old_knowledge_serves()
            throws IOException {
        Files.move(kb.resolve("scenarios"), copy.resolve("scenarios-moved"));

        ReloadStatus status = reloader.reloadNow();

        assertThat(status.lastAttempt().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(status.lastAttempt().problems())
                .extracting(p -> p.file() + ": " + p.message())
                .singleElement()
                .asString()
                .startsWith(
                        Problem.shown(kb.resolve("scenarios"))
                                + ": holds no scenario, where the knowledge in force has "
                                + original.knowledge().scenarios().size());
        assertThat(doctor.rules()).isSameAs(original);
        copyTree(copy.resolve("scenarios-moved"), kb.resolve("scenarios"));
    }

    @Test
    void a_rule_that_votes_for_something_that_is_not_a_cause_is_refused_naming_it_once() {
        write(
                rules.resolve("votes-for-the-answer.drl"),
                """
                package org.rdpdoctor.rules;

                import org.rdpdoctor.engine.*;

                // Votes for whatever the timing answer names.
                rule "Vote for the answer itself"
                    @source("rdp-facts")
                when
                    Answer(question == "error-timing", $option : option)
                then
                    insertLogical(new Support($option, Weight.WEAK, kcontext));
                end
                """);

        ReloadStatus status = reloader.reloadNow();

        assertThat(status.lastAttempt().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(status.lastAttempt().problems())
                .filteredOn(p -> p.message().contains("Vote for the answer itself"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.file())
                                    .isEqualTo(
                                            Problem.shown(
                                                    rules.resolve("votes-for-the-answer.drl")));
                            assertThat(p.message()).contains("which is not a cause");
                        });
        assertThat(doctor.rules()).isSameAs(original);
    }

    @Test
    void a_rule_that_throws_only_on_evidence_a_probe_or_ticket_reports_is_refused_at_its_line() {
        assertRefusedAtItsLine(
                "High latency alone",
                "Evidence(kind == \"latency\", value == \"high\")",
                "vpn-latency-packet-loss",
                "(on evidence latency: high from the ");
    }

    @Test
    void a_rule_that_throws_only_on_two_answers_no_scenario_gives_is_refused_at_its_line() {
        assertRefusedAtItsLine(
                "Long hang through a port forward",
                "Answer(question == \"error-timing\", option == \"after-long-hang\")\n"
                        + "    Answer(question == \"network-path\", option == \"port-forward\")",
                "port-forwarding-misrouted",
                "(on answers error-timing: after-long-hang and network-path: port-forward, in a"
                        + " session started with ");
    }

    /**
     * Adds to network.drl a rule {@code name} whose conclusion throws (a weight misspelt), on
     * {@code conditions} no scenario meets, and checks that the reload refuses it alone, at its
     * line, saying what it threw {@code on}.
     */
    private void assertRefusedAtItsLine(String name, String conditions, String cause, String on) {
        Path network = rules.resolve("network.drl");
        int line = (int) read(network).lines().count() + 3;
        write(
                network,
                read(network)
                        + """

                        // %s.
                        rule "%s"
                            @source("rdp-facts")
                        when
                            %s
                        then
                            insertLogical(new Support("%s", Weight.valueOf("weak"), kcontext));
                        end
                        """
                                .formatted(name, name, conditions, cause));

        ReloadStatus status = reloader.reloadNow();

        assertThat(status.lastAttempt().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(status.lastAttempt().problems())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.file()).isEqualTo(Problem.shown(network));
                            assertThat(p.line()).isEqualTo(line);
                            assertThat(p.message())
                                    .startsWith(
                                            "rule \""
                                                    + name
                                                    + "\" threw IllegalArgumentException: No enum"
                                                    + " constant")
                                    .contains(on);
                        });
        assertThat(doctor.rules()).isSameAs(original);
    }

    @Test
    void a_rule_edit_that_breaks_a_scenario_is_refused_at_the_scenario_file() {
        edit(
                rules.resolve("network.drl"),
                DNS_SUPPORT,
                DNS_SUPPORT.replace("STRONG,", "STRONG_AGAINST,"));
        Path scenario = kb.resolve(DNS_SCENARIO);

        ReloadStatus status = reloader.reloadNow();

        assertThat(status.lastAttempt().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(status.lastAttempt().version()).isNotNull().isNotEqualTo(original.version());
        assertThat(status.lastAttempt().problems())
                .anySatisfy(
                        p -> {
                            assertThat(p.file()).isEqualTo(Problem.shown(scenario));
                            assertThat(p.line()).isEqualTo(lineOf(scenario, "expect:"));
                            assertThat(p.field()).isEqualTo("expect");
                            assertThat(p.message())
                                    .startsWith("scenario network/dns-wrong-address: leader is ");
                        });
        assertThat(status.version()).isEqualTo(original.version());
        assertThat(doctor.rules()).isSameAs(original);
    }

    @Test
    void every_failure_of_a_scenario_is_listed_not_only_its_first() {
        Path scenario = kb.resolve("scenarios/certificate/custom-cert-misconfigured.yaml");
        edit(
                scenario,
                "  leader: custom-cert-misconfigured\n  not_leading: [self-signed-cert-renewal-failed]",
                "  leader: self-signed-cert-renewal-failed\n  not_leading: [custom-cert-misconfigured]");

        ReloadStatus status = reloader.reloadNow();

        assertThat(status.lastAttempt().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(status.lastAttempt().problems())
                .filteredOn(p -> p.file().equals(Problem.shown(scenario)))
                .extracting(Problem::message)
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("leader is custom-cert-misconfigured"))
                .anySatisfy(m -> assertThat(m).contains("custom-cert-misconfigured leads"));
        assertThat(doctor.rules()).isSameAs(original);
    }

    @Test
    void a_good_edit_goes_live_and_open_sessions_continue_under_it() {
        SessionView open = doctor.start(StartRequest.of("0x904", "0x7"));
        edit(kb.resolve("causes.yaml"), TITLE, TITLE.replace("Desktop", "Desktop (edited)"));

        ReloadStatus status = reloader.reloadNow();

        assertThat(status.lastAttempt().outcome()).isEqualTo(Outcome.LOADED);
        assertThat(status.lastAttempt().problems()).isEmpty();
        assertThat(status.version())
                .isNotEqualTo(original.version())
                .isEqualTo(status.lastAttempt().version())
                .isEqualTo(doctor.rules().version());
        assertThat(status.loadedAt()).isAfterOrEqualTo(status.lastAttempt().at());
        SessionView replayed = doctor.session(open.id());
        assertThat(replayed.knowledgeVersion()).isEqualTo(original.version());
        assertThat(replayed.state().knowledgeVersion()).isEqualTo(status.version());
        assertThat(title(replayed.state())).endsWith("(edited)");
        SessionView continued = doctor.apply(open.id(), unknownAnswer(replayed.state()));
        assertThat(continued.knowledgeVersion()).isEqualTo(status.version());
        assertThat(continued.events()).hasSize(2);
    }

    @Test
    void reloading_files_that_did_not_change_keeps_the_knowledge_in_force() {
        ReloadStatus before = reloader.status();

        ReloadStatus status = reloader.reloadNow();

        assertThat(before.lastAttempt()).isNull();
        assertThat(status.lastAttempt().outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(status.version()).isEqualTo(original.version());
        assertThat(status.loadedAt()).isEqualTo(before.loadedAt());
        assertThat(doctor.rules()).isSameAs(original);
    }

    @Test
    void a_change_saved_in_a_scenario_folder_goes_live_by_itself_while_watching() throws Exception {
        reloader.watch();
        var next = reloader.nextAttempt();

        edit(kb.resolve(DNS_SCENARIO), "title: \"Host name", "title: \"The host name");

        ReloadStatus status = next.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(reloader.isWatching()).isTrue();
        assertThat(status.lastAttempt().outcome()).isEqualTo(Outcome.LOADED);
        assertThat(doctor.rules().version()).isEqualTo(status.version());
        assertThat(doctor.rules().knowledge().scenarios())
                .anySatisfy(s -> assertThat(s.title()).startsWith("The host name"));
    }

    @Test
    void closing_stops_the_watch_thread() {
        reloader.watch();
        assertThat(watchThreads()).isNotEmpty();

        reloader.close();

        assertThat(watchThreads()).isEmpty();
    }

    @Test
    void requests_during_reloads_each_see_exactly_one_whole_version() throws Exception {
        int threads = 4;
        int rounds = 25; // each round is two requests: start a session, then answer
        Queue<Response> responses = new ConcurrentLinkedQueue<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch running = new CountDownLatch(threads);
        CountDownLatch firstSwap = new CountDownLatch(1);
        ExecutorService helpdesk = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            helpdesk.execute(() -> helpdesk(rounds, responses, failures, running, firstSwap));
        }
        Path causes = kb.resolve("causes.yaml");
        Path network = rules.resolve("network.drl");
        String first = TITLE.replace("Desktop", "Desktop (first edit)");
        String second = TITLE.replace("Desktop", "Desktop (second edit)");
        Map<String, String> titles = new HashMap<>();
        titles.put(original.version(), title(original));
        List<Outcome> outcomes;

        try {
            assertThat(running.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            edit(causes, TITLE, first);
            ReloadStatus one = reloader.reloadNow();
            firstSwap.countDown();
            edit(network, WORKS_BY_IP, BROKEN_WORKS_BY_IP);
            ReloadStatus broken = reloader.reloadNow();
            edit(network, BROKEN_WORKS_BY_IP, WORKS_BY_IP);
            edit(causes, first, second);
            ReloadStatus two = reloader.reloadNow();
            titles.put(one.version(), title(first));
            titles.put(two.version(), title(second));
            outcomes = Stream.of(one, broken, two).map(r -> r.lastAttempt().outcome()).toList();
        } finally {
            firstSwap.countDown();
            helpdesk.shutdown();
        }

        assertThat(helpdesk.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();
        assertThat(outcomes).containsExactly(Outcome.LOADED, Outcome.REFUSED, Outcome.LOADED);
        assertThat(titles).hasSize(3);
        assertThat(responses)
                .hasSize(threads * rounds * 2)
                .allSatisfy(
                        r -> {
                            assertThat(titles).containsKey(r.version());
                            assertThat(r.storedUnder()).isEqualTo(r.version());
                            assertThat(r.title()).isEqualTo(titles.get(r.version()));
                        });
        assertThat(responses)
                .extracting(Response::version)
                .contains(original.version())
                .containsAnyOf(
                        titles.keySet().stream()
                                .filter(v -> !v.equals(original.version()))
                                .toArray(String[]::new));
    }

    /** What one response showed: the version it computed under, the one its write recorded. */
    private record Response(String version, String storedUnder, String title) {}

    /** One helpdesk agent: starts sessions and answers, the second half after the first reload. */
    private void helpdesk(
            int rounds,
            Queue<Response> responses,
            Queue<String> failures,
            CountDownLatch running,
            CountDownLatch firstSwap) {
        boolean counted = false;
        try {
            for (int round = 0; round < rounds; round++) {
                if (round == rounds / 2 && !firstSwap.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    failures.add("the first reload did not end in time");
                    return;
                }
                SessionView started = doctor.start(StartRequest.of("0x904", "0x7"));
                SessionView answered = doctor.apply(started.id(), unknownAnswer(started.state()));
                for (SessionView view : List.of(started, answered)) {
                    responses.add(
                            new Response(
                                    view.state().knowledgeVersion(),
                                    view.knowledgeVersion(),
                                    title(view.state())));
                }
                if (!counted) {
                    counted = true;
                    running.countDown();
                }
            }
        } catch (Throwable e) {
            failures.add(e.toString());
        } finally {
            if (!counted) {
                running.countDown();
            }
        }
    }

    private static String title(DiagnosisState state) {
        return state.ranking().stream()
                .filter(c -> c.causeId().equals(CAUSE))
                .findFirst()
                .orElseThrow()
                .title();
    }

    private static String title(RuleBase rules) {
        return rules.knowledge().cause(CAUSE).orElseThrow().title();
    }

    /** The title a {@code title:} line of causes.yaml gives. */
    private static String title(String line) {
        return line.substring("title: ".length()).strip();
    }

    private static Event unknownAnswer(DiagnosisState state) {
        return new Event.Answered(state.nextQuestion().id(), Option.UNKNOWN);
    }

    private DiagnosisState answerUnknown(SessionView session) {
        return doctor.apply(session.id(), unknownAnswer(session.state())).state();
    }

    private static List<Thread> watchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("rdp-doctor-watch") && t.isAlive())
                .toList();
    }

    /** Replaces the one occurrence of {@code old}; returns the 1-based line it was on. */
    private static int edit(Path file, String old, String replacement) {
        String text = read(file);
        int at = text.indexOf(old);
        assertThat(at).as("'%s' in %s", old.strip(), file).isNotNegative();
        assertThat(text.indexOf(old, at + 1))
                .as("a second '%s' in %s", old.strip(), file)
                .isNegative();
        write(file, text.substring(0, at) + replacement + text.substring(at + old.length()));
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    private static int lineOf(Path file, String start) {
        List<String> lines = read(file).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line starting with " + start + " in " + file);
    }

    /** Makes the copy equal to the real folders again, at the same paths (so the same version). */
    private static void restore() {
        copyTree(Path.of("kb"), kb);
        copyTree(Path.of("rules"), rules);
    }

    private static void copyTree(Path from, Path to) {
        try {
            if (Files.exists(to)) {
                try (Stream<Path> old = Files.walk(to)) {
                    for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            try (Stream<Path> tree = Files.walk(from)) {
                for (Path p : tree.toList()) {
                    Files.copy(
                            p,
                            to.resolve(from.relativize(p).toString()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
