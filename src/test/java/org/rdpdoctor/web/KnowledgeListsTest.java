package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.RuleBase;

/**
 * The knowledge lists of the JSON API (questions, causes, fixes, sources): a ticketing system keeps
 * a copy and asks again with the ETag until a reload changes the knowledge.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KnowledgeListsTest {
    private static final Path SMALL = Path.of("src/test/resources/small");

    private RunningApp app;
    private ApiClient api;

    @BeforeEach
    void start() {
        app = RunningApp.withMemoryStore(small());
        api = new ApiClient(app.port());
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void every_list_is_tagged_with_the_knowledge_version_and_304_while_it_holds() {
        String version = app.doctor().rules().version();
        for (String list :
                new String[] {"questions", "causes", "fixes", "environments", "sources"}) {
            ApiClient.Reply first = api.get("/api/v1/" + list);
            ApiClient.Reply again =
                    api.get("/api/v1/" + list, "If-None-Match", first.header("ETag"));

            assertThat(first.status()).as(list).isEqualTo(200);
            assertThat(first.header("ETag")).as(list).isEqualTo("\"kb-" + version + "\"");
            assertThat(again.status()).as(list).isEqualTo(304);
            assertThat(again.body()).as(list).isEmpty();
        }
    }

    @Test
    void a_reload_that_changes_the_knowledge_changes_the_tag() {
        ApiClient.Reply before = api.get("/api/v1/causes");

        app.doctor().replaceRules(RuleBase.load(Path.of("kb"), Path.of("rules")));
        ApiClient.Reply after = api.get("/api/v1/causes", "If-None-Match", before.header("ETag"));

        assertThat(after.status()).isEqualTo(200);
        assertThat(after.header("ETag")).isNotEqualTo(before.header("ETag"));
        assertThat(after.json().size()).isGreaterThan(before.json().size());
    }

    @Test
    void fixes_are_listed_with_their_steps() {
        ApiClient.Reply fixes = api.get("/api/v1/fixes");

        assertThat(fixes.json()).isNotEmpty();
        assertThat(fixes.json())
                .allSatisfy(
                        fix -> {
                            assertThat(fix.get("id").asText()).isNotBlank();
                            assertThat(fix.get("steps")).isNotEmpty();
                            assertThat(fix.get("steps").get(0).get("text").asText()).isNotBlank();
                        });
    }

    private static RuleBase small() {
        return RuleBase.load(SMALL.resolve("kb"), SMALL.resolve("rules"));
    }
}
