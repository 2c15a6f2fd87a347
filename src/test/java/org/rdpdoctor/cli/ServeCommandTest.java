package org.rdpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.RuleBase;
import picocli.CommandLine;

/** The options of {@code serve} for reloading and the admin pages, and what it prints. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ServeCommandTest {
    private static RuleBase small;

    @BeforeAll
    static void compileTheSmallKnowledge() {
        small =
                RuleBase.load(
                        Path.of("src/test/resources/small/kb"),
                        Path.of("src/test/resources/small/rules"));
    }

    @Test
    void watching_is_on_unless_turned_off() {
        assertThat(serve().watch).isTrue();
        assertThat(serve("--watch").watch).isTrue();
        assertThat(serve("--no-watch").watch).isFalse();
    }

    @Test
    void the_banner_says_the_admin_pages_are_on_but_never_shows_the_password() {
        String banner = banner(serve("--admin-password", "s3cret-Pa55", "--port", "8080"));

        assertThat(banner)
                .contains("admin      on: http://127.0.0.1:8080/admin (user admin)")
                .contains("reload     watching")
                .doesNotContain("s3cret-Pa55");
    }

    @Test
    void the_banner_shows_the_database_but_never_a_password_in_its_url() {
        String h2 = banner(serve("--db", "jdbc:h2:mem:t;USER=sa;PassWord=secret123;MODE=Regular"));
        String postgres =
                banner(
                        serve(
                                "--db",
                                "jdbc:postgresql://db/rdp?user=rdp&password=secret123&ssl=true"));

        assertThat(h2)
                .contains("database   jdbc:h2:mem:t;USER=sa;PassWord=***;MODE=Regular")
                .doesNotContain("secret123");
        assertThat(postgres)
                .contains("database   jdbc:postgresql://db/rdp?user=rdp&password=***&ssl=true")
                .doesNotContain("secret123");
    }

    @Test
    void the_banner_says_the_admin_pages_are_off_without_a_password() {
        String banner = banner(serve("--admin-password", "", "--no-watch"));

        assertThat(banner)
                .contains("admin      off: no --admin-password or $RDP_DOCTOR_ADMIN_PASSWORD")
                .contains("reload     not watching (--no-watch)");
    }

    @Test
    void the_banner_names_the_trusted_proxies() {
        assertThat(banner(serve("--no-watch")))
                .contains("clients    each by its own address (no --trusted-proxy)");
        assertThat(banner(serve("--trusted-proxy", "127.0.0.1", "--trusted-proxy", "::1")))
                .contains(
                        "clients    by X-Forwarded-For when the request comes from 127.0.0.1, ::1");
    }

    @Test
    void help_never_shows_the_admin_password() {
        StringWriter help = new StringWriter();
        CommandLine cli = new CommandLine(serve("--admin-password", "s3cret-Pa55"));

        cli.usage(new PrintWriter(help));

        assertThat(help.toString()).contains("--admin-password").doesNotContain("s3cret-Pa55");
    }

    private static ServeCommand serve(String... args) {
        return CommandLine.populateCommand(new ServeCommand(), args);
    }

    private static String banner(ServeCommand serve) {
        StringWriter out = new StringWriter();
        serve.printBanner(new PrintWriter(out), small, serve.port);
        return out.toString();
    }
}
