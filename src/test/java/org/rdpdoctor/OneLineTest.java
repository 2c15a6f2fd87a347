package org.rdpdoctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OneLineTest {

    @Test
    void control_characters_and_line_breaks_are_written_out_and_the_tab_stays() {
        assertThat(OneLine.of("evil\u001B[31m\nforged\tname"))
                .isEqualTo("evil\\u001B[31m\\u000Aforged\tname");
    }

    @Test
    void invisible_characters_that_disguise_a_name_or_break_a_line_are_written_out() {
        assertThat(OneLine.of("rds01\u202Egpj.exe\u2028NEXT\u2029\u200Bend\uFEFF"))
                .isEqualTo("rds01\\u202Egpj.exe\\u2028NEXT\\u2029\\u200Bend\\uFEFF");
    }

    @Test
    void letters_of_every_script_and_emoji_with_joiners_stay_as_they_are() {
        String text = "Müller, 東京, مرحبا, می\u200Cخواهم, 👩\u200D💻";

        assertThat(OneLine.of(text)).isEqualTo(text);
    }
}
