package org.rdpdoctor.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.rdpdoctor.engine.DecisionTree;
import org.rdpdoctor.engine.InvalidEventException;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tree}: the decision tree the rules produce, with its size, as text, JSON, DOT or Mermaid.
 */
@Command(
        name = "tree",
        description =
                "Explore the engine from a start over every answer: the decision tree the rules produce.")
final class TreeCommand implements Callable<Integer> {
    /** Mermaid's default {@code maxEdges}: a chart with more is refused. */
    private static final int MERMAID_EDGES = 500;

    /** How the tree is printed. */
    enum Format {
        summary,
        json,
        dot,
        mermaid
    }

    @Mixin KnowledgeOptions knowledge;

    @Option(
            names = "--code",
            description =
                    "error code to start from (default: 0x904, with the extended code 0x7; none for"
                            + " a dialog that showed no code)")
    String code;

    @Option(
            names = "--extended",
            description =
                    "extended code to start from (default: 0x7 with the default code; with --code"
                            + " and without this, the dialog showed none)")
    String extended;

    @Option(
            names = "--format",
            defaultValue = "summary",
            description = "summary, json, dot or mermaid (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(
            names = "--with-unknown",
            description = "explore \"I don't know\" answers too (a much larger tree)")
    boolean withUnknown;

    @Mixin TreeSizeOption treeSize;

    @Option(
            names = "--depth",
            paramLabel = "QUESTIONS",
            converter = TreeSizeOption.Depth.class,
            description =
                    "ask at most this many questions on any path (1 to "
                            + TreeSizeOption.DEEPEST
                            + "; default: no limit): a tree small enough to draw")
    Integer depth;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RuleBase rules = knowledge.load();
        Scenario.Start start = DecisionTree.start(code, extended);
        DecisionTree tree;
        try {
            tree =
                    DecisionTree.explore(
                            rules,
                            start.errorCode(),
                            start.extendedCode(),
                            withUnknown,
                            treeSize.maxNodes,
                            depth == null ? Integer.MAX_VALUE : depth);
        } catch (InvalidEventException e) {
            return CodeOptions.refuse(spec, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case json -> out.println(Json.mapper().writeValueAsString(tree));
            case dot -> out.print(tree.toDot());
            case mermaid -> {
                out.print(tree.toMermaid());
                int edges = tree.nodes().values().stream().mapToInt(n -> n.edges().size()).sum();
                if (edges > MERMAID_EDGES) {
                    spec.commandLine()
                            .getErr()
                            .printf(
                                    "warning: %,d edges; Mermaid draws at most %d unless its"
                                            + " maxEdges is raised: --depth draws fewer%n",
                                    edges, MERMAID_EDGES);
                }
            }
            default -> {
                out.printf(
                        "decision tree from %s%s%s%n",
                        tree.errorCode(),
                        tree.extendedCode() == null ? "" : " / " + tree.extendedCode(),
                        withUnknown ? " (with \"I don't know\")" : "");
                out.printf(
                        "  states          %d (%d questions, %d leaves)%s%n",
                        tree.nodes().size(),
                        tree.nodes().size() - tree.leaves().size(),
                        tree.leaves().size(),
                        tree.truncated() ? " — cut off at --max-nodes or --depth" : "");
                out.printf("  depth           %d%n", tree.depth());
                if (tree.truncated()) {
                    // Unexplored states would count as diagnoses, so the numbers would be too low.
                    out.printf(
                            "  questions to a diagnosis: not counted in a tree cut off; raise"
                                    + " --max-nodes (%d) or --depth to count them%n",
                            treeSize.maxNodes);
                } else {
                    out.printf(
                            "  questions to a diagnosis: average %.2f (every answer equally likely), worst %d%n",
                            tree.averageQuestions(), tree.worstQuestions());
                }
                DecisionTree.Node root = tree.nodes().get(tree.root());
                out.printf(
                        "  first question  %s%n",
                        root.isLeaf()
                                ? "none: " + root.status() + " at the start"
                                : root.question());
            }
        }
        return 0;
    }
}
