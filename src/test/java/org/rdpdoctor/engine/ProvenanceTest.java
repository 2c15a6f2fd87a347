package org.rdpdoctor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Which pieces of the real knowledge rest on the seed articles alone. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProvenanceTest {
    private static Provenance provenance;

    @BeforeAll
    static void compile() {
        provenance = Fixtures.real().provenance();
    }

    @Test
    void a_rule_citing_only_seed_articles_is_unconfirmed_with_its_file_and_line() {
        assertThat(provenance.unconfirmed())
                .anySatisfy(
                        c -> {
                            assertThat(c.kind()).isEqualTo("rule");
                            assertThat(c.id()).isEqualTo("Another client app connects");
                            assertThat(c.where()).matches("rules/client\\.drl:\\d+");
                            assertThat(c.sources()).containsExactly("seed-003");
                        })
                .anySatisfy(
                        c -> {
                            assertThat(c.kind()).isEqualTo("question");
                            assertThat(c.id()).isEqualTo("security-software");
                            assertThat(c.where()).startsWith("kb/questions.yaml:");
                        });
    }

    @Test
    void a_seed_cited_beside_a_trusted_source_is_confirmed() {
        assertThat(provenance.unconfirmed(List.of("seed-003", "r17"))).isFalse();
        assertThat(provenance.unconfirmed(List.of("seed-003", "rdp-facts"))).isFalse();
        assertThat(provenance.unconfirmed(List.of("seed-000", "seed-003"))).isTrue();
        assertThat(provenance.unconfirmed(List.of())).isFalse();
        assertThat(provenance.unconfirmed())
                .extracting(Provenance.Citation::id)
                .doesNotContain("Every client app fails the same way");
    }

    @Test
    void citing_lists_rules_and_entries_of_every_kind() {
        assertThat(provenance.citing("r1"))
                .extracting(Provenance.Citation::kind)
                .contains("error-code", "cause");
        assertThat(provenance.citing("seed-003"))
                .extracting(Provenance.Citation::kind)
                .contains("rule", "cause", "question", "scenario");
        assertThat(provenance.citing("r1"))
                .anySatisfy(
                        c -> {
                            assertThat(c.id()).isEqualTo("disconnect_reasons/0x904");
                            assertThat(c.where()).matches("kb/error-codes\\.yaml:\\d+");
                        });
        assertThat(provenance.citing("no-such-source")).isEmpty();
    }
}
