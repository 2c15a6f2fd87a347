package org.rdpdoctor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every file of {@code kb/scenarios/} as one test, named after the file. */
class ScenariosTest {
    @TestFactory
    Stream<DynamicTest> scenarios() {
        RuleBase rules = Fixtures.real();
        return rules.knowledge().scenarios().stream()
                .map(
                        s ->
                                dynamicTest(
                                        s.id(),
                                        () -> {
                                            ScenarioResult result = ScenarioRunner.run(rules, s);
                                            assertThat(result.failures())
                                                    .as("%s%n%s", s.file(), result.report())
                                                    .isEmpty();
                                        }));
    }
}
