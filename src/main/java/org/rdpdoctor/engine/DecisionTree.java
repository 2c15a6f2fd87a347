package org.rdpdoctor.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Scenario;

/**
 * The decision tree the rules actually produce: the engine explored from a start state over every
 * answer of every question it asks, down to a diagnosis at each leaf. States reached by the same
 * answers in another order are merged, so the result is a graph whose nodes are distinct states.
 *
 * @param errorCode the start's error code as its client writes it ({@link
 *     org.rdpdoctor.kb.DecodedCode#shown}: {@code 0x904}, {@code 0x00020008}, {@code none}),
 *     however it was typed
 * @param extendedCode the start's extended code so written, or null without one
 * @param root the id of the start node
 * @param nodes every node by id, in the order they were found
 * @param truncated whether exploration stopped at the node or depth limit somewhere, leaving {@link
 *     Node#cut} leaves
 */
public record DecisionTree(
        String errorCode,
        String extendedCode,
        String root,
        Map<String, Node> nodes,
        boolean truncated) {

    public DecisionTree {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    /**
     * A state: a question to ask (with one edge per answer), or a leaf with its outcome.
     *
     * @param cut whether this leaf is only where exploration stopped (at the node or depth limit):
     *     the engine would ask another question here
     */
    public record Node(
            String id,
            int depth,
            String question,
            String questionText,
            String why,
            String status,
            String leader,
            double leaderScore,
            boolean cut,
            List<Edge> edges) {
        public Node {
            edges = List.copyOf(edges);
        }

        public boolean isLeaf() {
            return question == null;
        }
    }

    /** An answer leading from one node to another. */
    public record Edge(String option, String label, String target) {}

    /**
     * One answer on the way to a state: the question asked at {@code from}, answered by {@code
     * edge}.
     */
    public record Step(Node from, Edge edge) {}

    /**
     * The most states {@code tree} and {@code lint} explore from one start unless told otherwise:
     * more than the shipped knowledge's largest tree (83,060 states from 0x904 / 0x7, 62 s for
     * {@code lint} with every other start), because walking the whole tree is also how {@code lint}
     * finds a rule that throws on some session's facts.
     */
    public static final int MAX_NODES = 100_000;

    private static final String CUT_NOTE =
            "cut off at the node or depth limit: the engine would ask more questions at the leaves"
                    + " marked 'not explored further'";

    /**
     * The start a tree is asked for: 0x904 / 0x7 when no error code is given (the extended code
     * given, if any, with 0x904); a code given alone, without an extended code (null), as a dialog
     * that showed none. The {@code tree} command and the tree page read their options this way.
     */
    public static Scenario.Start start(String errorCode, String extendedCode) {
        if (errorCode == null) {
            return new Scenario.Start("0x904", extendedCode == null ? "0x7" : extendedCode);
        }
        return new Scenario.Start(errorCode, extendedCode);
    }

    /**
     * Explores the engine from the start state of the given codes, without evidence.
     *
     * @param withUnknown whether "I don't know" is explored too; without it the tree has one branch
     *     per option the knowledge offers, and is far smaller
     * @param maxNodes the most nodes to explore; beyond it the tree is marked truncated
     */
    public static DecisionTree explore(
            RuleBase rules,
            String errorCode,
            String extendedCode,
            boolean withUnknown,
            int maxNodes) {
        return explore(rules, errorCode, extendedCode, withUnknown, maxNodes, Integer.MAX_VALUE);
    }

    /**
     * Explores as {@link #explore(RuleBase, String, String, boolean, int)}, asking at most {@code
     * maxDepth} questions on any path: a tree small enough to draw.
     */
    public static DecisionTree explore(
            RuleBase rules,
            String errorCode,
            String extendedCode,
            boolean withUnknown,
            int maxNodes,
            int maxDepth) {
        return explore(rules, errorCode, extendedCode, Map.of(), withUnknown, maxNodes, maxDepth);
    }

    /**
     * Explores as {@link #explore(RuleBase, String, String, boolean, int)}, from the state {@code
     * answers} (question id to option id, given in this order) lead to: the tree below a leaf of
     * another tree that was not explored further ({@link #pathTo} gives the answers to it).
     */
    public static DecisionTree explore(
            RuleBase rules,
            String errorCode,
            String extendedCode,
            Map<String, String> answers,
            boolean withUnknown,
            int maxNodes) {
        return explore(
                rules, errorCode, extendedCode, answers, withUnknown, maxNodes, Integer.MAX_VALUE);
    }

    private static DecisionTree explore(
            RuleBase rules,
            String errorCode,
            String extendedCode,
            Map<String, String> answers,
            boolean withUnknown,
            int maxNodes,
            int maxDepth) {
        Objects.requireNonNull(rules, "rules");
        Explorer explorer = new Explorer(withUnknown, maxNodes, maxDepth);
        try (Diagnosis diagnosis =
                Diagnosis.start(
                        rules, new Event.Started(errorCode, extendedCode, null, null, null))) {
            answers.forEach(
                    (question, option) -> diagnosis.change(new Event.Answered(question, option)));
            String root = explorer.visit(diagnosis, 0);
            return new DecisionTree(
                    diagnosis.error().shown(),
                    diagnosis.extended() == null ? null : diagnosis.extended().shown(),
                    root,
                    explorer.nodes,
                    explorer.truncated);
        }
    }

    /**
     * The answers from the root to the state {@code id} by the fewest questions, in the order they
     * are given: empty for the root.
     *
     * @throws IllegalArgumentException when the tree has no state {@code id}
     */
    public List<Step> pathTo(String id) {
        if (!nodes.containsKey(id)) {
            throw new IllegalArgumentException("no state '" + id + "' in the tree");
        }
        Map<String, Step> via = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty() && !via.containsKey(id)) {
            Node node = nodes.get(queue.removeFirst());
            for (Edge edge : node.edges()) {
                if (via.putIfAbsent(edge.target(), new Step(node, edge)) == null) {
                    queue.addLast(edge.target());
                }
            }
        }
        List<Step> steps = new ArrayList<>();
        for (String at = id; !at.equals(root); at = via.get(at).from().id()) {
            steps.add(0, via.get(at));
        }
        return steps;
    }

    /** Leaves, each once. */
    public List<Node> leaves() {
        return nodes.values().stream().filter(Node::isLeaf).toList();
    }

    /** The longest path from the root to a leaf, in questions. */
    public int depth() {
        return nodes.values().stream().mapToInt(Node::depth).max().orElse(0);
    }

    /**
     * The expected number of questions to a diagnosis if every answer of a question is equally
     * likely.
     */
    public double averageQuestions() {
        return expected(root, new HashMap<>());
    }

    /** The most questions asked on any path to a diagnosis. */
    public int worstQuestions() {
        return worst(root, new HashMap<>());
    }

    /**
     * The tree in Graphviz DOT: questions as boxes, leaves as ellipses with the leading cause, and
     * leaves where exploration stopped dashed.
     */
    public String toDot() {
        StringBuilder dot = new StringBuilder("digraph tree {\n");
        if (truncated) {
            dot.append("  // ").append(CUT_NOTE).append('\n');
        }
        dot.append("  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        for (Node node : nodes.values()) {
            String label =
                    node.cut()
                            ? "not explored further\nleading: "
                                    + node.leader()
                                    + " "
                                    + ScoreText.of(node.leaderScore())
                            : node.isLeaf()
                                    ? node.status()
                                            + "\n"
                                            + node.leader()
                                            + " "
                                            + ScoreText.of(node.leaderScore())
                                    : node.question();
            dot.append("  ")
                    .append(node.id())
                    .append(" [shape=")
                    .append(node.isLeaf() ? "ellipse" : "box")
                    .append(node.cut() ? ", style=dashed" : "")
                    .append(", label=\"")
                    .append(dotText(label))
                    .append("\"];\n");
            for (Edge edge : node.edges()) {
                dot.append("  ")
                        .append(node.id())
                        .append(" -> ")
                        .append(edge.target())
                        .append(" [label=\"")
                        .append(dotText(edge.option()))
                        .append("\"];\n");
            }
        }
        return dot.append("}\n").toString();
    }

    /**
     * The tree as a Mermaid flowchart: questions as boxes, leaves as stadiums with the leading
     * cause, and leaves where exploration stopped as hexagons.
     */
    public String toMermaid() {
        StringBuilder md = new StringBuilder("flowchart LR\n");
        if (truncated) {
            md.append("  %% ").append(CUT_NOTE).append('\n');
        }
        for (Node node : nodes.values()) {
            String score = " " + ScoreText.of(node.leaderScore());
            String label =
                    node.cut()
                            ? "not explored further; leading: " + node.leader() + score
                            : node.isLeaf() ? node.leader() + score : node.question();
            String[] shape =
                    node.cut()
                            ? new String[] {"{{\"", "\"}}"}
                            : node.isLeaf()
                                    ? new String[] {"([\"", "\"])"}
                                    : new String[] {"[\"", "\"]"};
            md.append("  ")
                    .append(node.id())
                    .append(shape[0])
                    .append(label.replace("\"", "'"))
                    .append(shape[1])
                    .append('\n');
            for (Edge edge : node.edges()) {
                md.append("  ")
                        .append(node.id())
                        .append(" -->|")
                        .append(edge.option())
                        .append("| ")
                        .append(edge.target())
                        .append('\n');
            }
        }
        return md.toString();
    }

    /** Text in a DOT string: backslashes and quotes escaped, a line break as DOT's {@code \n}. */
    private static String dotText(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private double expected(String id, Map<String, Double> memo) {
        Double known = memo.get(id);
        if (known != null) {
            return known;
        }
        Node node = nodes.get(id);
        double value = 0;
        if (node != null && !node.isLeaf()) {
            for (Edge edge : node.edges()) {
                value += 1 + expected(edge.target(), memo);
            }
            value /= node.edges().size();
        }
        memo.put(id, value);
        return value;
    }

    private int worst(String id, Map<String, Integer> memo) {
        Integer known = memo.get(id);
        if (known != null) {
            return known;
        }
        Node node = nodes.get(id);
        int value = 0;
        if (node != null && !node.isLeaf()) {
            for (Edge edge : node.edges()) {
                value = Math.max(value, 1 + worst(edge.target(), memo));
            }
        }
        memo.put(id, value);
        return value;
    }

    /** Depth-first exploration with one session, answering and withdrawing in place. */
    private static final class Explorer {
        private final boolean withUnknown;
        private final int maxNodes;
        private final int maxDepth;
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final Map<String, String> idsByAnswers = new HashMap<>();
        private boolean truncated;

        Explorer(boolean withUnknown, int maxNodes, int maxDepth) {
            this.withUnknown = withUnknown;
            this.maxNodes = maxNodes;
            this.maxDepth = maxDepth;
        }

        String visit(Diagnosis diagnosis, int depth) {
            String key = new TreeMap<>(diagnosis.userAnswers()).toString();
            String existing = idsByAnswers.get(key);
            if (existing != null) {
                return existing;
            }
            String id = "n" + nodes.size();
            idsByAnswers.put(key, id);
            DiagnosisState state = diagnosis.outline();
            DiagnosisState.RankedCause top = state.ranking().get(0);
            DiagnosisState.NextQuestion q = state.nextQuestion();
            if (q == null || nodes.size() >= maxNodes || depth >= maxDepth) {
                truncated |= q != null;
                nodes.put(
                        id,
                        new Node(
                                id,
                                depth,
                                null,
                                null,
                                null,
                                state.status().id(),
                                top.causeId(),
                                top.score(),
                                q != null,
                                List.of()));
                return id;
            }
            nodes.put(id, null);
            List<Edge> edges = new ArrayList<>();
            for (DiagnosisState.OptionView option : q.options()) {
                if (!withUnknown && option.id().equals(Option.UNKNOWN)) {
                    continue;
                }
                diagnosis.change(new Event.Answered(q.id(), option.id()));
                edges.add(new Edge(option.id(), option.label(), visit(diagnosis, depth + 1)));
                diagnosis.change(new Event.Withdrawn(q.id()));
            }
            nodes.put(
                    id,
                    new Node(
                            id,
                            depth,
                            q.id(),
                            q.text(),
                            q.why().summary(),
                            state.status().id(),
                            top.causeId(),
                            top.score(),
                            false,
                            edges));
            return id;
        }
    }
}
