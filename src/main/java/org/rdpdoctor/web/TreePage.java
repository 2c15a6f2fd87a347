package org.rdpdoctor.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.TextLimits;
import org.rdpdoctor.engine.DecisionTree;
import org.rdpdoctor.engine.InvalidEventException;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.Scenario;

/**
 * The decision tree page for knowledge editors: the tree the rules produce from a start, drawn as
 * nested collapsible lists. A state reached again by other answers is drawn once and linked to
 * elsewhere. The page draws a few questions below one state ({@code from}, the start unless given)
 * and links on from the states where it stops, with the answers that lead to that state above it:
 * the whole tree of the shipped knowledge is some 18,700 states, a 7 MB page. Trees are computed
 * once per knowledge version and start ({@link TreeCache}).
 */
final class TreePage {
    /** Questions drawn below the state shown unless {@code depth} says otherwise. */
    static final int LEVELS = 4;

    /** The most {@code depth} takes: deeper than any session goes, as {@code tree --depth}. */
    static final int DEEPEST = 50;

    /** The path of the page. */
    static final String PATH = "/tree";

    /** The query parameters the page reads, in the order its links give them. */
    private static final List<String> PARAMETERS = List.of("code", "extended", "from", "depth");

    private final RdpDoctor doctor;
    private final Views views;
    private final TreeCache trees = new TreeCache();

    TreePage(RdpDoctor doctor, Views views) {
        this.doctor = doctor;
        this.views = views;
    }

    void register(Javalin app) {
        app.get(PATH, this::show);
    }

    /**
     * Where an error of this page leads back to: the page with what was typed, but for the
     * parameter at fault ({@code field}, may be null), which would only be refused again.
     */
    static String back(Context ctx, String field) {
        StringJoiner query = new StringJoiner("&", PATH + "?", "").setEmptyValue(PATH);
        for (String name : PARAMETERS) {
            String value = ctx.queryParam(name);
            if (value != null && !name.equals(field)) {
                query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    /**
     * The questions to a diagnosis, as the page states them: none for a tree cut off, whose states
     * not explored would count as diagnoses and make the numbers too low.
     */
    static String questions(DecisionTree tree) {
        if (tree.truncated()) {
            return String.format(
                    Locale.ROOT,
                    "not counted in a tree cut off at %,d states (the tree command of rdp-doctor"
                            + " explores it whole)",
                    TreeCache.PAGE_NODES);
        }
        return String.format(
                Locale.ROOT,
                "average %.2f (every answer equally likely), worst %d",
                tree.averageQuestions(),
                tree.worstQuestions());
    }

    private void show(Context ctx) {
        Scenario.Start start =
                DecisionTree.start(Bodies.query(ctx, "code"), Bodies.query(ctx, "extended"));
        String code = start.errorCode();
        String extended = Objects.requireNonNullElse(start.extendedCode(), "");
        TextLimits.text("code", code, TextLimits.CODE_MAX);
        TextLimits.text("extended", extended, TextLimits.CODE_MAX);
        RuleBase rules = doctor.rules();
        int levels = levels(Bodies.query(ctx, "depth"));
        DecisionTree tree;
        try {
            tree = trees.get(rules, code, extended);
        } catch (TreeCache.Busy e) {
            ctx.header("Retry-After", "60");
            throw new ApiException(503, null, e.getMessage());
        } catch (InvalidEventException e) {
            // The session's fields are errorCode and extendedCode; this page's are code and
            // extended.
            String field = e.field().equals("extendedCode") ? "extended" : "code";
            throw new ApiException(400, field, "'" + field + "': " + e.reason());
        }
        String from = Objects.requireNonNullElse(Bodies.query(ctx, "from"), tree.root());
        TextLimits.text("from", from, TextLimits.CODE_MAX);
        if (!tree.nodes().containsKey(from)) {
            throw new ApiException(
                    404,
                    "from",
                    "'from': the tree from "
                            + code
                            + (extended.isBlank() ? "" : " / " + extended)
                            + " has no state '"
                            + from
                            + "' (its states are n0 to n"
                            + (tree.nodes().size() - 1)
                            + ", numbered anew when the knowledge is reloaded)");
        }
        Set<String> drawn = new HashSet<>();
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Decision tree");
        model.put("version", rules.version());
        model.put("code", code);
        model.put("extended", extended);
        model.put("size", tree.nodes().size());
        model.put("leaves", tree.leaves().size());
        model.put("depth", tree.depth());
        model.put("questions", questions(tree));
        model.put("truncated", tree.truncated());
        model.put("levels", levels);
        model.put("path", path(tree, from));
        model.put("root", view(tree, from, null, null, drawn, levels));
        model.put("shown", drawn.size());
        views.render(ctx, Views.TREE, model);
    }

    private static int levels(String text) {
        // The form's number field sends depth= when emptied: the default, as with no depth at all.
        if (text == null || text.isBlank()) {
            return LEVELS;
        }
        try {
            int levels = Integer.parseInt(text.strip());
            if (levels >= 1 && levels <= DEEPEST) {
                return levels;
            }
        } catch (NumberFormatException e) {
            // Said below, as for a number out of range.
        }
        throw new ApiException(
                400,
                "depth",
                "'depth' is '" + text + "': give a whole number of questions from 1 to " + DEEPEST);
    }

    /**
     * The steps from the root to {@code target} by the fewest answers: each a question with the
     * answer given to it, as links to the states they start from.
     */
    private static List<Map<String, Object>> path(DecisionTree tree, String target) {
        if (target.equals(tree.root())) {
            return List.of();
        }
        Map<String, String> parents = new HashMap<>();
        Map<String, DecisionTree.Edge> via = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(tree.root()));
        while (!queue.isEmpty() && !parents.containsKey(target)) {
            String id = queue.removeFirst();
            for (DecisionTree.Edge edge : tree.nodes().get(id).edges()) {
                if (parents.putIfAbsent(edge.target(), id) == null) {
                    via.put(edge.target(), edge);
                    queue.addLast(edge.target());
                }
            }
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        for (String id = target; !id.equals(tree.root()); id = parents.get(id)) {
            String parent = parents.get(id);
            steps.add(
                    0,
                    Map.of(
                            "id",
                            parent,
                            "questionText",
                            tree.nodes().get(parent).questionText(),
                            "label",
                            via.get(id).label()));
        }
        return steps;
    }

    /**
     * A node for the template; its children only where the node is drawn for the first time and
     * {@code levels} questions are not yet drawn above it. A state not drawn for lack of levels is
     * left to its own page ({@code more}), and may still be drawn where it is reached higher up.
     */
    private static Map<String, Object> view(
            DecisionTree tree,
            String id,
            String option,
            String label,
            Set<String> drawn,
            int levels) {
        DecisionTree.Node node = tree.nodes().get(id);
        Map<String, Object> view = new HashMap<>();
        view.put("id", id);
        view.put("option", option);
        view.put("label", label);
        view.put("question", node.question());
        view.put("questionText", node.questionText());
        view.put("why", node.why());
        view.put("status", node.status());
        view.put("leader", node.leader());
        view.put("score", node.leaderScore());
        boolean more = !node.isLeaf() && levels == 0 && !drawn.contains(id);
        boolean first = !more && drawn.add(id);
        view.put("more", more);
        view.put("repeat", !first && !more && !node.isLeaf());
        List<Map<String, Object>> children = new ArrayList<>();
        if (first) {
            for (DecisionTree.Edge edge : node.edges()) {
                children.add(
                        view(tree, edge.target(), edge.option(), edge.label(), drawn, levels - 1));
            }
        }
        view.put("children", children);
        return view;
    }
}
