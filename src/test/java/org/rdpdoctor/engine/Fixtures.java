package org.rdpdoctor.engine;

import java.nio.file.Path;
import java.util.List;

/** The small knowledge base under {@code src/test/resources/small}, and the real one. */
final class Fixtures {
    private Fixtures() {}

    static RuleBase small() {
        Path root = Path.of("src/test/resources/small");
        return RuleBase.load(root.resolve("kb"), root.resolve("rules"));
    }

    static RuleBase real() {
        return RuleBase.load(Path.of("kb"), Path.of("rules"));
    }

    static Event.Started started(String code, String extended) {
        return new Event.Started(code, extended, null, null, null);
    }

    /** A state's answers as {@code question=option (source)}, for assertions. */
    static List<String> answers(DiagnosisState state) {
        return state.answers().stream()
                .map(a -> a.questionId() + "=" + a.optionId() + " (" + a.source() + ")")
                .toList();
    }
}
