package org.rdpdoctor.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.rdpdoctor.engine.DecisionTree;
import org.rdpdoctor.engine.InvalidEventException;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.engine.RuleBase;
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
            defaultValue = "0x904",
            description = "error code to start from (default: ${DEFAULT-VALUE})")
    String code;

    @Option(
            names = "--extended",
            defaultValue = "0x7",
            description = "extended code to start from (default: ${DEFAULT-VALUE})")
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

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RuleBase rules = knowledge.load();
        DecisionTree tree;
        try {
            tree = DecisionTree.explore(rules, code, extended, withUnknown, treeSize.maxNodes);
        } catch (InvalidEventException e) {
            return CodeOptions.refuse(spec, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case json -> out.println(Json.mapper().writeValueAsString(tree));
            case dot -> out.print(tree.toDot());
            case mermaid -> out.print(tree.toMermaid());
            default -> {
                out.printf(
                        "decision tree from %s / %s%s%n",
                        code, extended, withUnknown ? " (with \"I don't know\")" : "");
                out.printf(
                        "  states          %d (%d questions, %d leaves)%s%n",
                        tree.nodes().size(),
                        tree.nodes().size() - tree.leaves().size(),
                        tree.leaves().size(),
                        tree.truncated() ? " — truncated at --max-nodes" : "");
                out.printf("  depth           %d%n", tree.depth());
                if (tree.truncated()) {
                    // Unexplored states would count as diagnoses, so the numbers would be too low.
                    out.printf(
                            "  questions to a diagnosis: not counted in a truncated tree; raise"
                                    + " --max-nodes (%d) to count them%n",
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
