package org.rdpdoctor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thymeleaf.expression.Numbers;

class ScoreTextTest {
    /** What the pages show, through the same Thymeleaf call and locale as the templates. */
    private static final Numbers PAGES = new Numbers(Locale.ROOT);

    @ParameterizedTest
    @ValueSource(doubles = {0.575, 0.125, 0.005, -0.345, -0.2, 0, 1, -1, 0.58, 0.999})
    void a_score_reads_the_same_in_the_transcript_and_ask_as_on_the_page(double score) {
        String page = PAGES.formatDecimal(score, 1, 2);

        assertThat(ScoreText.of(score)).isEqualTo(page);
        assertThat(ScoreText.signed(score)).isEqualTo(score < 0 ? page : "+" + page);
    }
}
