package org.rdpdoctor.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {
    @Test
    void problems_found_check_by_check_are_listed_file_by_file_in_line_order() {
        List<Problem> found =
                List.of(
                        new Problem("rules/security.drl", 425, 5, "Answer", "option == 5"),
                        new Problem("kb/scenarios/a.yaml", 10, 3, "answers", "unknown option"),
                        new Problem("rules/security.drl", 416, 9, "Ask", "unknown question"),
                        new Problem("kb/scenarios/a.yaml", 9, 1, "sources", "unknown source"),
                        new Problem("rules/security.drl", 416, 2, "@source", "unknown source"));

        assertThat(Problem.inFileOrder(found))
                .extracting(p -> p.file() + ":" + p.line() + ":" + p.column())
                .containsExactly(
                        "rules/security.drl:416:2",
                        "rules/security.drl:416:9",
                        "rules/security.drl:425:5",
                        "kb/scenarios/a.yaml:9:1",
                        "kb/scenarios/a.yaml:10:3");
    }
}
