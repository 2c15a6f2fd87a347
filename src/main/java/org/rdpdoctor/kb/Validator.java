package org.rdpdoctor.kb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks required fields and cross-references of bound entries, reporting at their location. */
final class Validator {
    private static final Set<String> CATEGORIES =
            Set.of("network", "service", "security", "certificate", "licensing", "client", "path");
    private static final Set<String> CODE_KINDS =
            Set.of("powershell", "cmd", "registry", "policy", "shell");
    private static final Set<String> EFFORTS = Set.of("look", "test", "admin");
    private static final Set<String> STATUSES = Set.of("diagnosed", "exhausted", "solved");
    private static final Set<String> EVIDENCE_SOURCES = Set.of("probe", "ticket", "user");
    private static final Set<String> SOURCE_KINDS =
            Set.of("seed", "microsoft", "source-code", "third-party", "inference");
    private static final Set<String> TRUSTS = Set.of("low", "medium", "high");
    private static final Set<String> TICKET_CODES =
            Set.of(TicketPattern.ERROR, TicketPattern.EXTENDED);
    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");

    private final KnowledgeBase kb;
    private final List<Problem> problems;
    private final boolean everyEntryRead;

    /**
     * @param everyEntryRead whether every file and entry was read; when not, an id naming nothing
     *     is not reported, since it may name an entry that could not be read (the editor fixes the
     *     reading first, and the next run reports what is still unknown), while every other check
     *     runs, so that one run lists all the problems it can
     */
    Validator(KnowledgeBase kb, List<Problem> problems, boolean everyEntryRead) {
        this.kb = kb;
        this.problems = problems;
        this.everyEntryRead = everyEntryRead;
    }

    /**
     * Ids are lower-kebab-case, as rules, scenarios and URLs write them: an id such as {@code Cloud
     * Security_Group} would load, and every reference to the id an editor meant would then be
     * unknown.
     */
    private static void kebabCase(KbLoader.Entry<?> e, String at, String id) {
        if (id == null || KEBAB_CASE.matcher(id).matches()) {
            return;
        }
        String meant =
                NOT_ALPHANUMERIC
                        .matcher(id.toLowerCase(Locale.ROOT))
                        .replaceAll("-")
                        .replaceAll("^-|-$", "");
        e.problem(
                at,
                "'"
                        + id
                        + "' is not lower-kebab-case (lower-case letters and digits, words joined"
                        + " by single hyphens)"
                        + (meant.isEmpty() ? "" : ": write '" + meant + "'"));
    }

    /** Whether an id names nothing, said only when every entry was read. */
    private boolean unknown(Optional<?> found) {
        return everyEntryRead && found.isEmpty();
    }

    void source(KbLoader.Entry<Source> e) {
        kebabCase(e, "id", e.value().id());
        require(e, "title", "location", "kind", "trust");
        oneOf(e, "kind", e.value().kind(), SOURCE_KINDS);
        oneOf(e, "trust", e.value().trust(), TRUSTS);
    }

    /**
     * A scenario's start codes read as codes, as the engine will read them, and make a start a
     * session takes: not FreeRDP's last error, the whole of its report, beside an extended code
     * from another report.
     */
    private void startCodes(KbLoader.Entry<Scenario> e, Scenario.Start start) {
        DecodedCode error =
                code(e, "start/error_code", start.errorCode(), kb.errorCodes()::decodeDisconnect);
        DecodedCode extended =
                code(
                        e,
                        "start/extended_code",
                        start.extendedCode(),
                        kb.errorCodes()::decodeExtended);
        if (error != null && extended != null) {
            error.contradiction(extended)
                    .ifPresent(
                            why -> e.problem("start/extended_code", why + ": " + error.remedy()));
        }
    }

    /** The code as the engine reads it; null when none is given or it does not read (a problem). */
    private static DecodedCode code(
            KbLoader.Entry<Scenario> e,
            String field,
            String typed,
            Function<String, DecodedCode> decode) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return decode.apply(typed);
        } catch (IllegalArgumentException ex) {
            e.problem(field, ex.getMessage());
            return null;
        }
    }

    /** A code is listed once per table, however its id is written. */
    void errorCodes(List<KbLoader.Entry<ErrorCode>> table) {
        Map<Integer, KbLoader.Entry<ErrorCode>> first = new HashMap<>();
        for (KbLoader.Entry<ErrorCode> e : table) {
            KbLoader.Entry<ErrorCode> earlier = first.putIfAbsent(e.value().decimal(), e);
            if (earlier != null) {
                e.problem(
                        "id",
                        "code %d is listed twice: '%s' here and '%s' at line %s"
                                .formatted(
                                        e.value().decimal(),
                                        e.value().id(),
                                        earlier.value().id(),
                                        earlier.line("id")));
            }
        }
    }

    /** A FreeRDP row holds the code within its class: the lower 16 bits of the last error. */
    void freerdpCode(KbLoader.Entry<ErrorCode> e) {
        ErrorCode code = e.value();
        int last = code.decimalTo() != null ? code.decimalTo() : code.decimal();
        if (code.decimal() < 0 || last > 0xFFFF) {
            String message =
                    "'%s' is not a code within a FreeRDP class (0x0 to 0xFFFF): write the lower"
                            + " 16 bits of the last error, 0x8 for [0x00020008]";
            e.problem("id", message.formatted(code.id()));
        }
    }

    void freerdpForm(KbLoader.Entry<ErrorCodeTable.FreerdpForm> e) {
        require(e, "evidence", "sources");
        observation(e, e.value().evidence());
        sources(e, e.value().sources());
    }

    void errorCode(KbLoader.Entry<ErrorCode> e) {
        require(e, "decimal", "name", "meaning");
        sources(e, e.value().sources());
        String id = e.value().id().toLowerCase(Locale.ROOT);
        if (!id.startsWith("0x")) {
            e.problem("id", "write the code in hex with 0x, e.g. \"0x904\"");
            return;
        }
        Optional<Integer> hex = ErrorCodeTable.tryParse(id.substring(2), 16);
        if (hex.isEmpty()) {
            e.problem("id", "'" + e.value().id() + "' is not a hex number");
        } else if (hex.get() != e.value().decimal()) {
            e.problem(
                    "decimal",
                    e.value().decimal() + " is not " + e.value().id() + " (" + hex.get() + ")");
        }
        observation(e, e.value().evidence());
    }

    /** Checks the {@code evidence} a code stands for, when it names one. */
    private void observation(KbLoader.Entry<?> e, ErrorCode.Observation implied) {
        if (implied != null) {
            evidenceValue(e, "evidence", implied.kind(), implied.value());
        }
    }

    /** Checks that {@code kind} is an evidence kind and {@code value} one of its values. */
    private void evidenceValue(KbLoader.Entry<?> e, String at, String kind, String value) {
        if (kind == null || value == null) {
            String missing = kind == null ? "kind" : "value";
            e.problem(at + "/" + missing, "missing required field '" + missing + "'");
            return;
        }
        var known = kb.evidenceKind(kind);
        if (unknown(known)) {
            e.problem(
                    at + "/kind",
                    "unknown evidence kind '"
                            + kind
                            + "'"
                            + Suggestion.of(kind, kb.evidenceKinds(), EvidenceKind::id));
        } else if (known.isPresent() && known.get().value(value).isEmpty()) {
            e.problem(
                    at + "/value",
                    "'"
                            + value
                            + "' is not a value of evidence kind '"
                            + kind
                            + "'"
                            + Suggestion.of(value, known.get().values(), EvidenceKind.Value::id));
        }
    }

    void cause(KbLoader.Entry<Cause> e) {
        Cause c = e.value();
        kebabCase(e, "id", c.id());
        require(e, "title", "summary", "category", "prior", "sources", "fixes");
        sources(e, c.sources());
        oneOf(e, "category", c.category(), CATEGORIES);
        if (!(c.prior() >= -1 && c.prior() <= 1)) {
            e.problem("prior", "must be between -1 and 1, was " + c.prior());
        }
        for (int i = 0; i < c.fixes().size(); i++) {
            String fix = c.fixes().get(i);
            if (unknown(kb.fix(fix))) {
                e.problem(
                        "fixes/" + i,
                        "unknown fix '" + fix + "'" + Suggestion.of(fix, kb.fixes(), Fix::id));
            }
        }
    }

    void fix(KbLoader.Entry<Fix> e) {
        Fix f = e.value();
        kebabCase(e, "id", f.id());
        require(e, "title", "sources", "steps", "verify");
        if (e.node().has("follow_up")) {
            require(e, "follow_up");
        }
        sources(e, f.sources());
        for (int i = 0; i < f.steps().size(); i++) {
            step(e, "steps/" + i, f.steps().get(i));
        }
        if (f.verify() != null) {
            step(e, "verify", f.verify());
        }
        Set<String> named = new HashSet<>();
        for (int i = 0; i < f.ifFailed().size(); i++) {
            ifFailed(e, "if_failed/" + i, f.ifFailed().get(i), named);
        }
    }

    /**
     * One cause's weight of a failed fix: the cause lists the fix, once, and the level and reason
     * are given.
     */
    private void ifFailed(
            KbLoader.Entry<Fix> e, String field, Fix.IfFailed entry, Set<String> named) {
        String id = e.value().id();
        String cause = entry.cause();
        if (cause == null || cause.isBlank()) {
            e.problem(field + "/cause", "missing required field 'cause'");
        } else if (!named.add(cause)) {
            e.problem(field + "/cause", "cause '" + cause + "' is named twice");
        } else if (unknown(kb.cause(cause))) {
            e.problem(
                    field + "/cause",
                    "unknown cause '" + cause + "'" + Suggestion.of(cause, kb.causes(), Cause::id));
        } else if (kb.cause(cause).filter(c -> !c.fixes().contains(id)).isPresent()) {
            e.problem(
                    field + "/cause",
                    "cause '"
                            + cause
                            + "' does not list '"
                            + id
                            + "' among its fixes (causes.yaml), so this fix cannot fail for it");
        }
        if (entry.against() == null) {
            e.problem(
                    field + "/against",
                    "missing required field 'against': one of " + Fix.IfFailed.LEVELS);
        } else if (!Fix.IfFailed.LEVELS.contains(entry.against())) {
            e.problem(
                    field + "/against",
                    "'" + entry.against() + "' is not one of " + Fix.IfFailed.LEVELS);
        }
        if (entry.because() == null || entry.because().isBlank()) {
            e.problem(
                    field + "/because",
                    "missing required field 'because': say what the fix leaves of the cause");
        }
    }

    private void step(KbLoader.Entry<Fix> e, String field, Step step) {
        if (step.text() == null || step.text().isBlank()) {
            e.problem(field + "/text", "missing required field 'text'");
        }
        if (step.code() != null && step.codeKind() == null) {
            e.problem(field + "/code_kind", "a step with code needs code_kind: " + CODE_KINDS);
        }
        if (step.codeKind() != null) {
            oneOf(e, field + "/code_kind", step.codeKind(), CODE_KINDS);
        }
    }

    void question(KbLoader.Entry<Question> e) {
        Question q = e.value();
        kebabCase(e, "id", q.id());
        require(e, "text", "help", "sources");
        sources(e, q.sources());
        oneOf(e, "effort", q.effort(), EFFORTS);
        if (q.options().size() < 2) {
            e.problem("options", "a question needs at least two options");
        }
        var kind = q.evidenceKind() == null ? null : kb.evidenceKind(q.evidenceKind());
        if (kind != null && unknown(kind)) {
            e.problem(
                    "evidence_kind",
                    "unknown evidence kind '"
                            + q.evidenceKind()
                            + "'"
                            + Suggestion.of(
                                    q.evidenceKind(), kb.evidenceKinds(), EvidenceKind::id));
        }
        for (int i = 0; i < q.options().size(); i++) {
            Option o = q.options().get(i);
            String at = "options/" + i;
            if (blank(o.id()) || blank(o.label())) {
                e.problem(at, "an option needs an 'id' and a 'label'");
                continue;
            }
            kebabCase(e, at + "/id", o.id());
            if (Option.UNKNOWN.equals(o.id())) {
                e.problem(at + "/id", "'unknown' is added by the engine; do not list it");
            }
            if (q.options().stream().filter(x -> o.id().equals(x.id())).count() > 1) {
                e.problem(at + "/id", "duplicate option '" + o.id() + "'");
            }
            if (o.environment() != null && unknown(kb.environment(o.environment()))) {
                e.problem(
                        at + "/environment",
                        "unknown environment '"
                                + o.environment()
                                + "'"
                                + Suggestion.of(
                                        o.environment(), kb.environments(), Environment::id));
            }
            if (!o.evidence().isEmpty() && q.evidenceKind() == null) {
                e.problem(at + "/evidence", "evidence values need the question's evidence_kind");
            }
            if (kind != null && kind.isPresent()) {
                for (String value : o.evidence()) {
                    if (kind.get().value(value).isEmpty()) {
                        e.problem(
                                at + "/evidence",
                                "'"
                                        + value
                                        + "' is not a value of evidence kind '"
                                        + q.evidenceKind()
                                        + "'"
                                        + Suggestion.of(
                                                value,
                                                kind.get().values(),
                                                EvidenceKind.Value::id));
                    }
                }
            }
        }
    }

    void environment(KbLoader.Entry<Environment> e) {
        kebabCase(e, "id", e.value().id());
        require(e, "role", "title", "traits", "defaults", "sources");
        sources(e, e.value().sources());
        oneOf(e, "role", e.value().role(), Environment.ROLES);
    }

    void evidenceKind(KbLoader.Entry<EvidenceKind> e) {
        kebabCase(e, "id", e.value().id());
        require(e, "title", "sources", "values");
        sources(e, e.value().sources());
        List<EvidenceKind.Value> values = e.value().values();
        for (int i = 0; i < values.size(); i++) {
            if (blank(values.get(i).id()) || blank(values.get(i).meaning())) {
                e.problem("values/" + i, "a value needs an 'id' and a 'meaning'");
                continue;
            }
            kebabCase(e, "values/" + i + "/id", values.get(i).id());
        }
    }

    void scenario(KbLoader.Entry<Scenario> e) {
        Scenario s = e.value();
        require(e, "title", "sources", "start", "expect");
        sources(e, s.sources());
        if (s.start() != null
                && (s.start().errorCode() == null || s.start().errorCode().isBlank())) {
            e.problem("start/error_code", "missing required field 'error_code'");
        }
        if (s.start() != null) {
            startCodes(e, s.start());
        }
        for (int i = 0; i < s.evidence().size(); i++) {
            Scenario.EvidenceItem item = s.evidence().get(i);
            String at = "evidence/" + i;
            evidenceValue(e, at, item.kind(), item.value());
            oneOf(e, at + "/source", item.source(), EVIDENCE_SOURCES);
        }
        s.answers()
                .forEach(
                        (question, option) -> {
                            var q = kb.question(question);
                            if (unknown(q)) {
                                e.problem(
                                        "answers/" + question,
                                        "unknown question '"
                                                + question
                                                + "'"
                                                + Suggestion.of(
                                                        question, kb.questions(), Question::id));
                            } else if (q.isPresent() && q.get().option(option).isEmpty()) {
                                e.problem(
                                        "answers/" + question,
                                        "'"
                                                + option
                                                + "' is not an option of '"
                                                + question
                                                + "'"
                                                + Suggestion.of(
                                                        option, q.get().options(), Option::id));
                            }
                        });
        for (int i = 0; i < s.failedFixes().size(); i++) {
            if (unknown(kb.fix(s.failedFixes().get(i)))) {
                String fix = s.failedFixes().get(i);
                e.problem(
                        "failed_fixes/" + i,
                        "unknown fix '" + fix + "'" + Suggestion.of(fix, kb.fixes(), Fix::id));
            }
        }
        Scenario.Expect expect = s.expect();
        if (expect != null) {
            if (expect.leader() == null || unknown(kb.cause(expect.leader()))) {
                e.problem(
                        "expect/leader",
                        "unknown cause '"
                                + expect.leader()
                                + "'"
                                + Suggestion.of(expect.leader(), kb.causes(), Cause::id));
            }
            for (int i = 0; i < expect.notLeading().size(); i++) {
                if (unknown(kb.cause(expect.notLeading().get(i)))) {
                    e.problem(
                            "expect/not_leading/" + i,
                            "unknown cause '"
                                    + expect.notLeading().get(i)
                                    + "'"
                                    + Suggestion.of(
                                            expect.notLeading().get(i), kb.causes(), Cause::id));
                }
            }
            oneOf(e, "expect/status", expect.status(), STATUSES);
            firstFix(e, expect);
        }
    }

    /** The first fix a scenario expects: a fix, and one of the cause it expects to lead. */
    private void firstFix(KbLoader.Entry<Scenario> e, Scenario.Expect expect) {
        String fix = expect.firstFix();
        if (fix == null) {
            return;
        }
        if (unknown(kb.fix(fix))) {
            e.problem(
                    "expect/first_fix",
                    "unknown fix '" + fix + "'" + Suggestion.of(fix, kb.fixes(), Fix::id));
        } else {
            kb.cause(expect.leader())
                    .filter(c -> !c.fixes().contains(fix))
                    .ifPresent(
                            c ->
                                    e.problem(
                                            "expect/first_fix",
                                            "'%s' is not a fix of %s, the expected leader; its fixes are %s"
                                                    .formatted(
                                                            fix,
                                                            c.id(),
                                                            String.join(", ", c.fixes()))));
        }
    }

    /** The run of spaces {@link #backtracking} puts after a pattern's words. */
    private static final int BACKTRACK_SPACES = 2_000;

    /**
     * The words of {@code regex} (each start of them, and runs of up to three from within) that,
     * followed by a long run of spaces and a character it does not take, make it read the text more
     * than a few dozen times over: several {@code \s*} that can share the same spaces, as in {@code
     * event\s*(?:id)?\s*[:=]?\s*1057}. Counted in characters read, not time, so the check says the
     * same on any machine.
     */
    private static Optional<String> backtracking(Pattern regex) {
        List<String> words =
                Pattern.compile("[a-z]{2,}")
                        .matcher(
                                regex.pattern()
                                        .replaceAll("\\\\[A-Za-z]", " ")
                                        .toLowerCase(Locale.ROOT))
                        .results()
                        .map(MatchResult::group)
                        .toList();
        for (int i = 0; i < words.size(); i++) {
            // Every start of the whole phrase, and short runs of words from within it.
            int last = i == 0 ? words.size() : Math.min(words.size(), i + 3);
            for (int n = i + 1; n <= last; n++) {
                Optional<String> found = backtracking(regex, String.join(" ", words.subList(i, n)));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** {@code start} if {@code regex} reads it, then spaces, over and over. */
    private static Optional<String> backtracking(Pattern regex, String start) {
        String text = start + " ".repeat(BACKTRACK_SPACES) + "\u0001";
        try {
            regex.matcher(BoundedText.reads(text, 50L * text.length())).find();
        } catch (BoundedText.Stopped stopped) {
            return Optional.of(start);
        }
        return Optional.empty();
    }

    void ticketPattern(KbLoader.Entry<TicketPattern> e) {
        TicketPattern t = e.value();
        kebabCase(e, "id", t.id());
        require(e, "pattern", "yields", "sources");
        if (e.node().has("provider")) {
            require(e, "provider");
        }
        sources(e, t.sources());
        Pattern regex = null; // stays null when the pattern is missing or does not compile
        if (t.pattern() != null) {
            controlCharacter(e, t.pattern());
            try {
                regex = t.compile();
                if (regex.matcher("").find()) {
                    e.problem(
                            "pattern",
                            "matches an empty text, so it finds something in every ticket; make"
                                    + " at least one part of it required");
                }
                backtracking(regex)
                        .ifPresent(
                                text ->
                                        e.problem(
                                                "pattern",
                                                "can match the same white space in many ways: on '"
                                                        + text
                                                        + "' followed by "
                                                        + BACKTRACK_SPACES
                                                        + " spaces and a character it does not"
                                                        + " take, it reads the text over and over,"
                                                        + " and a ticket like that stops the"
                                                        + " reader; start each optional part with"
                                                        + " its own word or sign, e.g."
                                                        + " (?:\\s*[:=])?\\s* instead of"
                                                        + " \\s*[:=]?\\s*"));
            } catch (PatternSyntaxException ex) {
                RegexSyntax.Fault fault = RegexSyntax.of(ex);
                e.problem("pattern", fault.index(), fault.message());
            }
        }
        TicketPattern.Yield y = t.yields();
        if (y == null) {
            return;
        }
        boolean evidence = y.kind() != null || y.value() != null;
        if (evidence == (y.code() != null)) {
            e.problem("yields", "give either kind and value (evidence) or code (error, extended)");
        } else if (evidence) {
            evidenceValue(e, "yields", y.kind(), y.value());
        } else {
            oneOf(e, "yields/code", y.code(), TICKET_CODES);
            int groups = regex == null ? 1 : regex.matcher("").groupCount();
            if (groups != 1) {
                e.problem(
                        "pattern",
                        "a code pattern needs exactly one capture group, around the code; found "
                                + groups);
            }
        }
        if (y.code() != null && t.provider() != null) {
            e.problem(
                    "provider",
                    "a code pattern reads a dialog's code, which no event provider logs; give"
                            + " 'provider' to event id patterns only");
        }
    }

    /**
     * A control character in a pattern is nearly always a YAML escape the editor meant for the
     * regex: in double quotes {@code "\\bnla\\b"} reaches the regex as backspaces. Line breaks and
     * tabs pass: a {@code (?x)} pattern may span lines.
     */
    private static void controlCharacter(KbLoader.Entry<TicketPattern> e, String pattern) {
        OptionalInt control =
                pattern.chars()
                        .filter(c -> Character.isISOControl(c) && !Character.isWhitespace(c))
                        .findFirst();
        if (control.isEmpty()) {
            return;
        }
        String backspace =
                control.getAsInt() == '\b'
                        ? " (in double quotes YAML reads \\b as a backspace, not a word boundary)"
                        : "";
        e.problem(
                "pattern",
                "holds the control character U+%04X%s; write the pattern in single quotes, where YAML keeps every backslash as written"
                        .formatted(control.getAsInt(), backspace));
    }

    private void require(KbLoader.Entry<?> e, String... fields) {
        JsonNode node = e.node();
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                e.problem(field, "missing required field '" + field + "'");
            } else if (value.isTextual() && value.asText().isBlank()) {
                e.problem(
                        field,
                        "'"
                                + field
                                + "' is empty: write "
                                + (isNumber(e.value(), field) ? "a number" : "its text"));
            } else if (value.isContainerNode() && value.isEmpty()) {
                e.problem(
                        field,
                        "'"
                                + field
                                + "' is empty: "
                                + (value.isArray() ? "list" : "give")
                                + " at least one");
            }
        }
    }

    /** Whether text is missing, or written as a key with nothing after it ({@code label:}). */
    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** Whether the field, as the file writes it ({@code decimal_to}), holds a number. */
    private static boolean isNumber(Object entry, String field) {
        return Arrays.stream(entry.getClass().getRecordComponents())
                .filter(
                        c ->
                                c.getName()
                                        .replaceAll("([A-Z])", "_$1")
                                        .toLowerCase(Locale.ROOT)
                                        .equals(field))
                .anyMatch(
                        c ->
                                c.getType().isPrimitive() && c.getType() != boolean.class
                                        || Number.class.isAssignableFrom(c.getType()));
    }

    private void sources(KbLoader.Entry<?> e, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            if (unknown(kb.source(ids.get(i)))) {
                e.problem(
                        "sources/" + i,
                        "unknown source '"
                                + ids.get(i)
                                + "' (see sources.yaml)"
                                + Suggestion.of(ids.get(i), kb.sources(), Source::id));
            }
        }
    }

    private static void oneOf(
            KbLoader.Entry<?> e, String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            e.problem(field, "'" + value + "' is not one of " + new TreeSet<>(allowed));
        }
    }
}
