package org.rdpdoctor.probe;

import java.util.List;
import java.util.Locale;

/**
 * Round-trip time from repeated TCP connects to the RDP port (a connect takes one round trip: SYN,
 * SYN-ACK). The value of the {@code latency} evidence is, in this order:
 *
 * <ul>
 *   <li>{@code unstable} when a repeated connect failed (loss), or the spread of the connect times
 *       (slowest minus fastest) is more than {@value #UNSTABLE_SPREAD_MILLIS} ms and more than the
 *       median;
 *   <li>{@code high} when the median connect time is more than {@value #HIGH_MEDIAN_MILLIS} ms (the
 *       round trip Microsoft recommends staying under for Remote Desktop);
 *   <li>{@code low} otherwise.
 * </ul>
 *
 * @param samplesMillis the connect times of the connects that succeeded
 * @param lost the connects that got no answer after the first one worked; one refused (RST) is an
 *     answer from the host, not a loss, and is not counted
 */
record Latency(List<Double> samplesMillis, int lost) {
    static final double HIGH_MEDIAN_MILLIS = 150;
    static final double UNSTABLE_SPREAD_MILLIS = 50;

    Latency {
        samplesMillis = samplesMillis.stream().sorted().toList();
        if (samplesMillis.isEmpty()) {
            throw new IllegalArgumentException("latency needs at least one connect time");
        }
    }

    double medianMillis() {
        int n = samplesMillis.size();
        return n % 2 == 1
                ? samplesMillis.get(n / 2)
                : (samplesMillis.get(n / 2 - 1) + samplesMillis.get(n / 2)) / 2;
    }

    double spreadMillis() {
        return samplesMillis.get(samplesMillis.size() - 1) - samplesMillis.get(0);
    }

    /** {@code low}, {@code high} or {@code unstable}. */
    String evidenceValue() {
        double spread = spreadMillis();
        if (lost > 0 || (spread > UNSTABLE_SPREAD_MILLIS && spread > medianMillis())) {
            return "unstable";
        }
        return medianMillis() > HIGH_MEDIAN_MILLIS ? "high" : "low";
    }

    /** {@code median 0.3 ms, spread 0.1 ms over 3 connects}. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "median %.1f ms, spread %.1f ms over %d connect%s%s",
                medianMillis(),
                spreadMillis(),
                samplesMillis.size() + lost,
                samplesMillis.size() + lost == 1 ? "" : "s",
                lost == 0 ? "" : " (" + lost + " failed)");
    }
}
