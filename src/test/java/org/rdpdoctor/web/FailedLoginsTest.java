package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FailedLoginsTest {
    private final SetClock clock = new SetClock();
    private final FailedLogins logins = new FailedLogins(clock);

    @Test
    void a_client_may_fail_nine_times_and_waits_after_the_tenth_until_its_first_failure_is_old() {
        for (int i = 0; i < FailedLogins.MAX - 1; i++) {
            logins.failed("10.0.0.1");
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(logins.waitFor("10.0.0.1")).isEmpty();

        logins.failed("10.0.0.1");

        assertThat(logins.waitFor("10.0.0.1"))
                .as("after the tenth failure, until the first is 15 minutes old")
                .hasValue(Duration.ofMinutes(6));
        assertThat(logins.waitFor("10.0.0.2")).as("another client").isEmpty();
        clock.advance(Duration.ofMinutes(6));
        assertThat(logins.waitFor("10.0.0.1")).isEmpty();
    }

    @Test
    void a_successful_login_forgets_the_clients_failures() {
        for (int i = 0; i < FailedLogins.MAX - 1; i++) {
            logins.failed("10.0.0.1");
        }

        logins.succeeded("10.0.0.1");
        logins.failed("10.0.0.1");

        assertThat(logins.waitFor("10.0.0.1")).isEmpty();
    }

    /** A clock that stands still until the test moves it. */
    private static final class SetClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T08:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }
    }
}
