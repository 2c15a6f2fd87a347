package org.rdpdoctor.kb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code kb/} into a {@link KnowledgeBase}. Every problem in every file is collected, with
 * file, line and field, and reported together.
 */
public final class KbLoader {
    /** A scenario file: either ending YAML editors save ({@code .yaml}, {@code .yml}). */
    private static final Pattern SCENARIO_FILE = Pattern.compile("\\.ya?ml$");

    /** A YAML file's name, in any letter case, also with {@code .txt} after it as Notepad saves. */
    private static final Pattern YAML_NAME = Pattern.compile("(?i).*\\.ya?ml(\\.txt)?");

    private final Path dir;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> readNames = new HashSet<>();
    private final MessageDigest digest;

    private KbLoader(Path dir) {
        this.dir = dir;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /**
     * Loads and validates the knowledge base in {@code dir}.
     *
     * @throws InvalidKnowledgeException listing every problem found, when there is any
     */
    public static KnowledgeBase load(Path dir) {
        return new KbLoader(dir).load();
    }

    private KnowledgeBase load() {
        if (!Files.isDirectory(dir)) {
            throw new InvalidKnowledgeException(List.of(Problem.notAFolder(dir)));
        }
        List<String> codeKeys = new ArrayList<>(ErrorCodeTable.TABLES);
        codeKeys.add(ErrorCodeTable.FREERDP_FORM);
        Optional<YamlFile> sourcesFile = read("sources.yaml");
        // A file of codes that is no mapping is one problem, not one for each table it lacks.
        Optional<YamlFile> codesFile =
                read("error-codes.yaml").filter(file -> file.onlyKeys("", codeKeys));
        Optional<YamlFile> causesFile = read("causes.yaml");
        Optional<YamlFile> fixesFile = read("fixes.yaml");
        Optional<YamlFile> questionsFile = read("questions.yaml");
        Optional<YamlFile> environmentsFile = read("environments.yaml");
        Optional<YamlFile> evidenceFile = read("evidence.yaml");
        Optional<YamlFile> ticketPatternsFile = read("ticket-patterns.yaml");

        List<Entry<Source>> sources = entries(sourcesFile, "", Source.class, Source::id);
        Map<String, List<Entry<ErrorCode>>> codeTables = new LinkedHashMap<>();
        for (String table : ErrorCodeTable.TABLES) {
            codeTables.put(table, entries(codesFile, "/" + table, ErrorCode.class, ErrorCode::id));
        }
        Optional<Entry<ErrorCodeTable.FreerdpForm>> freerdpForm =
                codesFile.flatMap(
                        file ->
                                one(
                                        file,
                                        "/" + ErrorCodeTable.FREERDP_FORM,
                                        ErrorCodeTable.FreerdpForm.class));
        List<Entry<Cause>> causes = entries(causesFile, "", Cause.class, Cause::id);
        List<Entry<Fix>> fixes = entries(fixesFile, "", Fix.class, Fix::id);
        List<Entry<Question>> questions = entries(questionsFile, "", Question.class, Question::id);
        List<Entry<Environment>> environments =
                entries(environmentsFile, "", Environment.class, Environment::id);
        List<Entry<EvidenceKind>> evidence =
                entries(evidenceFile, "", EvidenceKind.class, EvidenceKind::id);
        List<Entry<Scenario>> scenarios = scenarios();
        List<Entry<TicketPattern>> ticketPatterns =
                entries(ticketPatternsFile, "", TicketPattern.class, TicketPattern::id);
        unread();

        KnowledgeBase kb =
                new KnowledgeBase(
                        HexFormat.of().formatHex(digest.digest()).substring(0, 12),
                        values(sources),
                        new ErrorCodeTable(
                                values(codeTables.get(ErrorCodeTable.DISCONNECT_REASONS)),
                                values(codeTables.get(ErrorCodeTable.EXTENDED_REASONS)),
                                values(codeTables.get(ErrorCodeTable.SERVER_ERROR_INFO)),
                                values(codeTables.get(ErrorCodeTable.FREERDP_CONNECT_ERRORS)),
                                freerdpForm.map(Entry::value).orElse(null)),
                        values(causes),
                        values(fixes),
                        values(questions),
                        values(environments),
                        values(evidence),
                        values(scenarios),
                        values(ticketPatterns),
                        locations(
                                sources,
                                codeTables,
                                freerdpForm,
                                causes,
                                fixes,
                                questions,
                                environments,
                                evidence,
                                scenarios,
                                ticketPatterns));
        boolean allRead = problems.isEmpty();
        Validator validator = new Validator(kb, problems, allRead);
        sources.forEach(validator::source);
        codeTables.values().stream().flatMap(List::stream).forEach(validator::errorCode);
        codeTables.values().forEach(validator::errorCodes);
        codeTables.get(ErrorCodeTable.FREERDP_CONNECT_ERRORS).forEach(validator::freerdpCode);
        freerdpForm.ifPresent(validator::freerdpForm);
        causes.forEach(validator::cause);
        fixes.forEach(validator::fix);
        questions.forEach(validator::question);
        environments.forEach(validator::environment);
        evidence.forEach(validator::evidenceKind);
        scenarios.forEach(validator::scenario);
        ticketPatterns.forEach(validator::ticketPattern);
        if (!problems.isEmpty()) {
            throw new InvalidKnowledgeException(problems, allRead ? kb : null);
        }
        return kb;
    }

    /** A bound entry with the file and pointer it came from, for located validation. */
    record Entry<T>(T value, YamlFile file, String pointer) {
        JsonNode node() {
            return file.root().at(pointer);
        }

        /** {@code file:line} of the entry, or of one of its fields. */
        String location(String field) {
            return file.name() + ":" + line(field);
        }

        /** The line of the entry, or of one of its fields. */
        int line(String field) {
            return file.line(field.isEmpty() ? pointer : pointer + "/" + field);
        }

        void problem(String field, String message) {
            String at = field.isEmpty() ? pointer : pointer + "/" + field.replace('.', '/');
            file.problem(at, field, message);
        }

        /** A problem at character {@code index} of the text of {@code field}, at its column. */
        void problem(String field, int index, String message) {
            file.problem(pointer + "/" + field.replace('.', '/'), field, index, message);
        }
    }

    private Optional<YamlFile> read(String name) {
        readNames.add(name);
        Path path = dir.resolve(name);
        String shown = Problem.shown(path);
        if (Files.isDirectory(path) || !Files.exists(path)) {
            problems.add(
                    new Problem(
                            shown,
                            0,
                            0,
                            "",
                            Files.isDirectory(path)
                                    ? "is a folder; it must be a YAML file"
                                    : "file is missing"));
            return Optional.empty();
        }
        return parse(path, shown);
    }

    /**
     * A YAML file in the folder that is none of the files read (a {@code more-causes.yaml}, a
     * {@code Causes.yml}) is a problem: its entries would be left out in silence. Backups ({@code
     * .bak}, {@code ~}) are not named.
     */
    private void unread() {
        List<String> known = readNames.stream().sorted().toList();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile)
                    .filter(file -> !readNames.contains(file.getFileName().toString()))
                    .filter(file -> YAML_NAME.matcher(file.getFileName().toString()).matches())
                    .sorted()
                    .forEach(
                            file ->
                                    problems.add(
                                            new Problem(
                                                    Problem.shown(file),
                                                    0,
                                                    0,
                                                    "",
                                                    "is not read: the knowledge is read from "
                                                            + String.join(", ", known)
                                                            + " and the scenarios/ folder; move"
                                                            + " its entries into the file of their"
                                                            + " kind")));
        } catch (IOException | UncheckedIOException e) {
            problems.add(Utf8.unlisted(dir, e));
        }
    }

    private Optional<YamlFile> parse(Path path, String shown) {
        return Utf8.read(path, shown, problems)
                .flatMap(
                        bytes -> {
                            digest.update(
                                    path.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                            digest.update(bytes);
                            return Utf8.decode(shown, bytes, problems);
                        })
                .flatMap(text -> YamlFile.parse(shown, text, problems));
    }

    /** The mapping at {@code pointer}, when the file has one there. */
    private static <T> Optional<Entry<T>> one(YamlFile file, String pointer, Class<T> type) {
        JsonNode node = file.root().at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            file.problem(pointer, "", "'" + pointer.substring(1) + "' must be a mapping");
            return Optional.empty();
        }
        return file.bind(pointer, type).map(value -> new Entry<>(value, file, pointer));
    }

    private <T> List<Entry<T>> entries(
            Optional<YamlFile> file, String listPointer, Class<T> type, Function<T, String> id) {
        List<Entry<T>> out = new ArrayList<>();
        if (file.isEmpty()) {
            return out;
        }
        YamlFile yaml = file.get();
        JsonNode list = yaml.root().at(listPointer);
        if (!list.isArray()) {
            String where =
                    listPointer.isEmpty() ? "the file" : "'" + listPointer.substring(1) + "'";
            boolean empty = list.isMissingNode() || list.isNull();
            yaml.problem(
                    listPointer,
                    "",
                    where
                            + (empty ? " is empty: it" : "")
                            + " must be a list of entries (- id: …)");
            return out;
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String pointer = listPointer + "/" + i;
            if (!list.get(i).isObject()) {
                yaml.problem(pointer, "", "each entry must be a mapping with an 'id'");
                continue;
            }
            Optional<T> bound = yaml.bind(pointer, type);
            if (bound.isEmpty()) {
                continue;
            }
            String key = id.apply(bound.get());
            if (key == null || key.isBlank()) {
                yaml.problem(pointer, "id", "missing required field 'id'");
                continue;
            }
            if (seen.containsKey(key)) {
                yaml.problem(
                        pointer + "/id",
                        "id",
                        "duplicate id '"
                                + key
                                + "' (first at line "
                                + yaml.line(seen.get(key))
                                + ")");
                continue;
            }
            seen.put(key, pointer + "/id");
            out.add(new Entry<>(bound.get(), yaml, pointer));
        }
        return out;
    }

    private List<Entry<Scenario>> scenarios() {
        Path root = dir.resolve("scenarios");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            List<Path> all = walk.sorted().toList();
            all.stream()
                    .map(p -> Problem.misnamed(p, List.of(".yaml", ".yml")))
                    .flatMap(Optional::stream)
                    .forEach(problems::add);
            paths =
                    all.stream()
                            .filter(p -> SCENARIO_FILE.matcher(p.getFileName().toString()).find())
                            .sorted(
                                    Comparator.comparing((Path p) -> link(root, p).isPresent())
                                            .thenComparing(Comparator.naturalOrder()))
                            .toList();
        } catch (IOException | UncheckedIOException e) {
            problems.add(Utf8.unlisted(root, e));
            return List.of();
        }
        List<Entry<Scenario>> out = new ArrayList<>();
        Map<String, String> files = new HashMap<>();
        Map<Path, Path> reached = new HashMap<>();
        Set<Path> doubledLinks = new HashSet<>();
        for (Path path : paths) {
            String id = root.relativize(path).toString().replace('\\', '/');
            id = SCENARIO_FILE.matcher(id).replaceFirst("");
            String shown = Problem.shown(path);
            String other = files.putIfAbsent(id, shown);
            if (other != null) {
                problems.add(
                        new Problem(
                                shown,
                                0,
                                0,
                                "",
                                "scenario '%s' is also in %s; keep one of the two files"
                                        .formatted(id, other)));
                continue;
            }
            Path first = realPath(path).map(real -> reached.putIfAbsent(real, path)).orElse(null);
            if (first != null) {
                Path link = link(root, path).orElse(path);
                if (doubledLinks.add(link)) {
                    problems.add(new Problem(Problem.shown(link), 0, 0, "", twice(root, first)));
                }
                continue;
            }
            Optional<YamlFile> file = parse(path, shown);
            if (file.isEmpty()) {
                continue;
            }
            YamlFile yaml = file.get();
            if (!yaml.root().isObject()) {
                yaml.problem(
                        "", "", "a scenario must be a mapping (title, sources, start, expect)");
                continue;
            }
            ((ObjectNode) yaml.root()).put("id", id).put("file", shown);
            yaml.bind("", Scenario.class).ifPresent(s -> out.add(new Entry<>(s, yaml, "")));
        }
        return out;
    }

    /**
     * Why a link under {@code root} is a problem: it leads to a scenario read already, at {@code
     * first}, so the scenario would run twice under two ids.
     */
    private static String twice(Path root, Path first) {
        Optional<Path> other = link(root, first);
        return other.isPresent()
                ? "leads to the scenarios that the link %s leads to as well, so they would run twice under two ids; keep one of the two links"
                        .formatted(Problem.shown(other.get()))
                : "leads to scenarios that %s holds already (%s), so they would run twice under two ids; remove the link or make it point outside scenarios/"
                        .formatted(Problem.shown(root), Problem.shown(first));
    }

    /** The last link on the path from {@code root} to {@code file}, if it passes one. */
    private static Optional<Path> link(Path root, Path file) {
        for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The file a path leads to through links, or empty when it leads nowhere (read names it). */
    private static Optional<Path> realPath(Path path) {
        try {
            return Optional.of(path.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Where every entry and option was read, for messages about them after loading. */
    private static Map<String, String> locations(
            List<Entry<Source>> sources,
            Map<String, List<Entry<ErrorCode>>> codeTables,
            Optional<Entry<ErrorCodeTable.FreerdpForm>> freerdpForm,
            List<Entry<Cause>> causes,
            List<Entry<Fix>> fixes,
            List<Entry<Question>> questions,
            List<Entry<Environment>> environments,
            List<Entry<EvidenceKind>> evidence,
            List<Entry<Scenario>> scenarios,
            List<Entry<TicketPattern>> ticketPatterns) {
        Map<String, String> out = new HashMap<>();
        sources.forEach(e -> out.put("source:" + e.value().id(), e.location("")));
        codeTables.forEach(
                (table, codes) ->
                        codes.forEach(
                                e ->
                                        out.put(
                                                "error-code:" + table + "/" + e.value().id(),
                                                e.location(""))));
        freerdpForm.ifPresent(
                e -> out.put("error-code:" + ErrorCodeTable.FREERDP_FORM, e.location("")));
        causes.forEach(e -> out.put("cause:" + e.value().id(), e.location("")));
        fixes.forEach(e -> out.put("fix:" + e.value().id(), e.location("")));
        environments.forEach(e -> out.put("environment:" + e.value().id(), e.location("")));
        for (Entry<EvidenceKind> e : evidence) {
            EvidenceKind kind = e.value();
            out.put("evidence:" + kind.id(), e.location(""));
            for (int i = 0; i < kind.values().size(); i++) {
                out.put(
                        "evidence-value:" + kind.id() + "/" + kind.values().get(i).id(),
                        e.location("values/" + i));
            }
        }
        for (Entry<Scenario> e : scenarios) {
            out.put("scenario:" + e.value().id(), e.location(""));
            out.put("scenario-expect:" + e.value().id(), e.location("expect"));
            out.put("scenario-answers:" + e.value().id(), e.location("answers"));
        }
        ticketPatterns.forEach(
                e -> out.put("ticket-pattern:" + e.value().id(), e.location("pattern")));
        for (Entry<Question> e : questions) {
            Question q = e.value();
            out.put("question:" + q.id(), e.location(""));
            for (int i = 0; i < q.options().size(); i++) {
                out.put(
                        "option:" + q.id() + "/" + q.options().get(i).id(),
                        e.location("options/" + i));
            }
        }
        return out;
    }

    private static <T> List<T> values(List<Entry<T>> entries) {
        return entries.stream().map(Entry::value).toList();
    }
}
