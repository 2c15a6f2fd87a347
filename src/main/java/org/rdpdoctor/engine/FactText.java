package org.rdpdoctor.engine;

import org.rdpdoctor.kb.DecodedCode;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Question;

/** Facts in words, for explanations: the question and answer texts come from the kb. */
final class FactText {
    private FactText() {}

    static String describe(Object fact, KnowledgeBase kb) {
        if (fact instanceof ErrorReport r) {
            return "error code "
                    + DecodedCode.hex(r.disconnect())
                    + (r.extended() == 0 ? "" : ", extended code " + DecodedCode.hex(r.extended()));
        }
        if (fact instanceof Answer a) {
            String question = kb.question(a.question()).map(Question::text).orElse(a.question());
            String option =
                    kb.question(a.question())
                            .flatMap(q -> q.option(a.option()))
                            .map(Option::label)
                            .orElse(a.option());
            return "\""
                    + question
                    + "\" → "
                    + option
                    + (a.source().equals("user") ? "" : " (from " + a.source() + ")");
        }
        if (fact instanceof Evidence e) {
            String meaning =
                    kb.evidenceKind(e.kind())
                            .flatMap(k -> k.value(e.value()))
                            .map(v -> v.meaning())
                            .orElse("");
            return e.kind()
                    + " = "
                    + e.value()
                    + " ("
                    + e.source()
                    + (e.detail().isEmpty() ? "" : ": " + e.detail())
                    + ")"
                    + (meaning.isEmpty() ? "" : ": " + meaning);
        }
        if (fact instanceof Trait t) {
            String platform =
                    kb.environment(t.environment()).map(e -> e.title()).orElse(t.environment());
            return "the " + t.role() + " is " + platform + " (" + t.name() + ")";
        }
        if (fact instanceof FixOutcome f) {
            String title = kb.fix(f.fix()).map(x -> x.title()).orElse(f.fix());
            return "fix \"" + title + "\" " + (f.worked() ? "worked" : "did not work");
        }
        if (fact instanceof FixOf f) {
            return "\""
                    + kb.fix(f.fix()).map(x -> x.title()).orElse(f.fix())
                    + "\" is a fix of \""
                    + kb.cause(f.cause()).map(c -> c.title()).orElse(f.cause())
                    + "\", whose failure counts "
                    + f.ifFailed().inWords()
                    + " it";
        }
        return String.valueOf(fact);
    }
}
