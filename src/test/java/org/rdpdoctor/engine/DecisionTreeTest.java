package org.rdpdoctor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DecisionTreeTest {

    @Test
    void small_knowledge_gives_the_exact_tree() {
        DecisionTree tree = DecisionTree.explore(Fixtures.small(), "0x904", "0x7", false, 1000);

        assertThat(tree.toMermaid())
                .isEqualTo(
                        """
                flowchart LR
                  n0["timing"]
                  n0 -->|before-credentials| n1
                  n0 -->|after-credentials| n6
                  n1["client-platform"]
                  n1 -->|modern| n2
                  n1 -->|win7| n5
                  n2["tcp-test"]
                  n2 -->|succeeds| n3
                  n2 -->|fails| n4
                  n3(["credssp-mismatch 0.10"])
                  n4(["port-blocked 0.64"])
                  n5(["old-client 0.80"])
                  n6(["credssp-mismatch 0.82"])
                """);
        assertThat(tree.depth()).isEqualTo(3);
        assertThat(tree.worstQuestions()).isEqualTo(3);
        assertThat(tree.averageQuestions()).isEqualTo(1.75);
        assertThat(tree.truncated()).isFalse();
    }

    @Test
    void a_depth_limit_cuts_the_tree_and_the_exports_mark_where_it_was_cut() {
        DecisionTree tree = DecisionTree.explore(Fixtures.small(), "0x904", "0x7", false, 1000, 1);

        assertThat(tree.truncated()).isTrue();
        assertThat(tree.nodes().values())
                .filteredOn(DecisionTree.Node::cut)
                .extracting(DecisionTree.Node::id)
                .containsExactly("n1");
        assertThat(tree.toMermaid())
                .contains("%% cut off at the node or depth limit")
                .contains("n1{{\"not explored further; leading: ")
                .contains("n2([\"credssp-mismatch 0.82\"])");
        assertThat(tree.toDot())
                .contains("// cut off at the node or depth limit")
                .contains(
                        "n1 [shape=ellipse, style=dashed, label=\"not explored further\\nleading: ");
    }

    @Test
    void withdrawn_answers_leave_no_trace_so_merged_states_equal_fresh_ones() {
        DecisionTree tree = DecisionTree.explore(Fixtures.small(), "0x904", "0x7", true, 1000);

        assertThat(tree.truncated()).isFalse();
        assertThat(tree.nodes().get(tree.root()).edges())
                .extracting(DecisionTree.Edge::option)
                .containsExactly("before-credentials", "after-credentials", "unknown");
    }
}
