package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The latency thresholds on given connect times (no clock involved). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LatencyTest {

    @Test
    void short_steady_connects_are_low() {
        Latency latency = new Latency(List.of(12.0, 11.0, 13.0), 0);

        assertThat(latency.evidenceValue()).isEqualTo("low");
        assertThat(latency.describe()).isEqualTo("median 12.0 ms, spread 2.0 ms over 3 connects");
    }

    @Test
    void median_above_150_ms_is_high() {
        Latency latency = new Latency(List.of(180.0, 170.0, 200.0), 0);

        assertThat(latency.evidenceValue()).isEqualTo("high");
    }

    @Test
    void spread_above_50_ms_and_the_median_is_unstable() {
        assertThat(new Latency(List.of(20.0, 25.0, 90.0), 0).evidenceValue()).isEqualTo("unstable");
        assertThat(new Latency(List.of(200.0, 210.0, 270.0), 0).evidenceValue()).isEqualTo("high");
        assertThat(new Latency(List.of(0.2, 0.3, 40.0), 0).evidenceValue()).isEqualTo("low");
    }

    @Test
    void a_failed_repeat_is_unstable() {
        Latency latency = new Latency(List.of(10.0, 11.0), 1);

        assertThat(latency.evidenceValue()).isEqualTo("unstable");
        assertThat(latency.describe())
                .isEqualTo("median 10.5 ms, spread 1.0 ms over 3 connects (1 failed)");
    }

    @Test
    void latency_needs_a_connect_time() {
        assertThatThrownBy(() -> new Latency(List.of(), 2))
                .hasMessage("latency needs at least one connect time");
    }
}
