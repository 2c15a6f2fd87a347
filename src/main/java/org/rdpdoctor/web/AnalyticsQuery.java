package org.rdpdoctor.web;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.rdpdoctor.Analytics;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.TextLimits;

/**
 * Outcome analytics as the admin page and the admin API ask for them and show them: sessions
 * created from day {@code from} to day {@code to} (UTC, both included; by default the last 30
 * days), of knowledge {@code version} or of any.
 */
final class AnalyticsQuery {
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private AnalyticsQuery() {}

    /**
     * The report the query string asks for.
     *
     * @throws ApiException 400 naming {@code from}, {@code to} or {@code version} when it is not a
     *     day of the years 0001 to 9999, {@code to} is before {@code from}, or the version is over
     *     64 characters
     */
    static Analytics report(RdpDoctor doctor, Context ctx) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = day(ctx, "from", today.minusDays(30));
        LocalDate to = day(ctx, "to", today);
        if (to.isBefore(from)) {
            throw new ApiException(400, "to", "'to' is before 'from'");
        }
        String version = Bodies.query(ctx, "version");
        return doctor.analytics(
                from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                version == null || version.isBlank()
                        ? null
                        : TextLimits.text("version", version.strip(), 64));
    }

    /**
     * The part of the request's query string the report reads ({@code ?from=…&to=…&version=…}, the
     * ones given), or empty: what a link to the same report elsewhere carries, and nothing else.
     */
    static String asked(Context ctx) {
        StringJoiner asked = new StringJoiner("&");
        for (String name : List.of("from", "to", "version")) {
            String value = Bodies.query(ctx, name);
            if (value != null) {
                asked.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return asked.length() == 0 ? "" : "?" + asked;
    }

    /**
     * A report as the page and the API show it: the period as the days asked for, {@code to}
     * included, rather than the instants it covers (whose end is the next day's start).
     */
    static Map<String, Object> shown(Analytics report) {
        Map<String, Object> shown = Views.map(report);
        shown.put("from", DAY.format(report.from()));
        shown.put("to", DAY.format(report.to().minusSeconds(1)));
        return shown;
    }

    private static LocalDate day(Context ctx, String field, LocalDate fallback) {
        String text = Bodies.query(ctx, field);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(400, field, "'" + field + "' must be a date like 2026-11-22");
        }
        if (day.getYear() < 1 || day.getYear() > 9999) {
            throw new ApiException(
                    400, field, "'" + field + "' must be a day of the years 0001 to 9999");
        }
        return day;
    }
}
