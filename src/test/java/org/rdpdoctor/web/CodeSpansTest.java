package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CodeSpansTest {

    @Test
    void commands_in_backticks_are_code_and_an_unpaired_backtick_stays_as_written() {
        assertThat(CodeSpans.of("run `qwinsta` and look for `rdp-tcp`, then ` alone"))
                .containsExactly(
                        Map.of("text", "run ", "code", false),
                        Map.of("text", "qwinsta", "code", true),
                        Map.of("text", " and look for ", "code", false),
                        Map.of("text", "rdp-tcp", "code", true),
                        Map.of("text", ", then ` alone", "code", false));
    }

    @Test
    void text_without_backticks_is_one_part_and_none_is_no_part() {
        assertThat(CodeSpans.of("plain")).containsExactly(Map.of("text", "plain", "code", false));
        assertThat(CodeSpans.of(null)).isEqualTo(List.of());
    }
}
