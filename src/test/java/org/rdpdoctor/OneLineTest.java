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
    void a_field_has_its_tabs_written_out_too_so_that_a_one_line_field_takes_it() {
        String written = OneLine.field("CN=rds01\tOU=farm\n\u202Eexe.gpj");

        assertThat(written).isEqualTo("CN=rds01\\u0009OU=farm\\u000A\\u202Eexe.gpj");
        assertThat(TextLimits.line("detail", written, TextLimits.DETAIL_MAX)).isEqualTo(written);
    }

    @Test
    void
            a_pasted_blob_joined_by_commas_is_shortened_whole_and_a_separator_after_a_long_run_stays() {
        String blob = String.join(",", java.util.Collections.nCopies(300, "abcdefgh"));
        String name = "CN=" + "A".repeat(200);

        assertThat(OneLine.shown("code '" + blob + "'"))
                .isEqualTo("code '" + blob.substring(0, 60) + "…(2699 characters)'");
        assertThat(OneLine.shown(name + "; valid"))
                .isEqualTo(name.substring(0, 60) + "…(203 characters); valid");
    }

    @Test
    void invisible_characters_that_disguise_a_name_or_break_a_line_are_written_out() {
        assertThat(OneLine.of("rds01\u202Egpj.exe\u2028NEXT\u2029\u200Bend\uFEFF"))
                .isEqualTo("rds01\\u202Egpj.exe\\u2028NEXT\\u2029\\u200Bend\\uFEFF");
    }

    @Test
    void letters_of_every_script_and_emoji_with_joiners_stay_as_they_are() {
        String text =
                "Müller, 東京, مرحبا, می\u200Cخواهم, क्\u200Dष, 👩\u200D💻, ❤\uFE0F\u200D🔥, 👍🏽";

        assertThat(OneLine.of(text)).isEqualTo(text);
    }

    @Test
    void a_subdivision_flag_stays_whole_and_tags_elsewhere_are_written_out_in_two_halves() {
        String scotland =
                "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F";
        String hidden = "rds01\uDB40\uDC41\uDB40\uDC42";

        assertThat(OneLine.of("Team " + scotland)).isEqualTo("Team " + scotland);
        assertThat(OneLine.of(hidden)).isEqualTo("rds01\\uDB40\\uDC41\\uDB40\\uDC42");
    }

    @Test
    void a_joiner_outside_emoji_and_joining_scripts_is_written_out() {
        assertThat(OneLine.of("rds\u200D01 and ad\u200Cmin"))
                .isEqualTo("rds\\u200D01 and ad\\u200Cmin");
        assertThat(OneLine.of("\u200Dstart")).isEqualTo("\\u200Dstart");
        assertThat(OneLine.of("服务\u200D器 שרת\u200Cא")).isEqualTo("服务\\u200D器 שרת\\u200Cא");
    }

    @Test
    void half_a_surrogate_pair_is_written_out_rather_than_lost() {
        assertThat(OneLine.of("name\uD800end")).isEqualTo("name\\uD800end");
    }
}
