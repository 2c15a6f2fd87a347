package org.rdpdoctor.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * the whole tree of the shipped knowledge is some 57,000 states, far too many for one page. Trees
 * are computed once per knowledge version and start ({@link TreeCache}), up to {@link
 * TreeCache#PAGE_NODES} states: a leaf where exploring stopped reads "not explored further" and
 * links to the tree explored anew from its state, as the page goes on from any state it stops at.
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
    private final TreeCache trees;

    TreePage(RdpDoctor doctor, Views views, TreeCache trees) {
        this.doctor = doctor;
        this.views = views;
        this.trees = trees;
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
        Place place = place(ctx, rules, code, extended);
        Level level = place.level();
        DecisionTree tree = level.tree();
        Set<String> drawn = new HashSet<>();
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Decision tree");
        model.put("version", rules.version());
        model.put("code", code);
        model.put("extended", extended);
        model.put("below", level.prefix().isEmpty() ? null : level.prefix());
        model.put("size", tree.nodes().size());
        model.put("leaves", tree.leaves().size());
        model.put("depth", tree.depth());
        model.put("questions", questions(tree));
        model.put("truncated", tree.truncated());
        model.put("levels", levels);
        model.put("path", place.path());
        model.put("root", view(level, place.id(), null, null, drawn, levels));
        model.put("shown", drawn.size());
        views.render(ctx, Views.TREE, model);
    }

    /**
     * The state {@code from} names (the start unless given), the tree it is drawn from and the
     * answers that lead there. A state not explored further, within the name or at its end, leads
     * into the tree explored anew from it.
     */
    private Place place(Context ctx, RuleBase rules, String code, String extended) {
        Map<String, String> answers = new LinkedHashMap<>();
        Level level = new Level(tree(ctx, rules, code, extended, answers), "");
        String from = Objects.requireNonNullElse(Bodies.query(ctx, "from"), level.tree().root());
        TextLimits.text("from", from, TextLimits.CODE_MAX);
        List<Map<String, Object>> path = new ArrayList<>();
        String[] names = from.split("\\.", -1);
        String id = level.tree().root();
        for (int i = 0; i < names.length; i++) {
            DecisionTree.Node node = level.tree().nodes().get(names[i]);
            if (node == null || (i < names.length - 1 && !node.cut())) {
                throw noState(code, extended, from, level);
            }
            id = node.id();
            if (node.cut()) {
                for (DecisionTree.Step step : level.tree().pathTo(id)) {
                    path.add(step(level, step));
                    answers.put(step.from().question(), step.edge().option());
                }
                level = new Level(tree(ctx, rules, code, extended, answers), level.id(id));
                id = level.tree().root();
            }
        }
        for (DecisionTree.Step step : level.tree().pathTo(id)) {
            path.add(step(level, step));
        }
        return new Place(level, id, path);
    }

    /**
     * A state the page draws from, in the tree it is drawn from, with the steps that lead there.
     */
    private record Place(Level level, String id, List<Map<String, Object>> path) {}

    /**
     * A tree the page draws from: the tree from the start (no prefix), or the tree explored anew
     * from a state where another was cut off, whose states are named after that state's: {@code
     * n20016} for its root, {@code n20016.n5} for its state n5.
     */
    private record Level(DecisionTree tree, String prefix) {
        /** The name of the state {@code id} of this tree on the page. */
        String id(String id) {
            if (prefix.isEmpty()) {
                return id;
            }
            return id.equals(tree.root()) ? prefix : prefix + "." + id;
        }
    }

    /** The tree from {@code code} and {@code extended} below the state {@code answers} lead to. */
    private DecisionTree tree(
            Context ctx,
            RuleBase rules,
            String code,
            String extended,
            Map<String, String> answers) {
        try {
            return trees.get(rules, code, extended, answers);
        } catch (TreeCache.Busy e) {
            ctx.header("Retry-After", "60");
            throw new ApiException(503, null, e.getMessage());
        } catch (InvalidEventException e) {
            // The session's fields are errorCode and extendedCode; this page's are code and
            // extended.
            String field = e.field().equals("extendedCode") ? "extended" : "code";
            throw new ApiException(400, field, "'" + field + "': " + e.reason());
        }
    }

    private static ApiException noState(String code, String extended, String from, Level level) {
        int last = level.tree().nodes().size() - 1;
        return new ApiException(
                404,
                "from",
                "'from': the tree from "
                        + code
                        + (extended.isBlank() ? "" : " / " + extended)
                        + " has no state '"
                        + from
                        + (level.prefix().isEmpty()
                                ? "' (its states are n0 to n" + last
                                : "' (the states explored below "
                                        + level.prefix()
                                        + " are "
                                        + level.id("n1")
                                        + " to "
                                        + level.id("n" + last))
                        + ", numbered anew when the knowledge is reloaded)");
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
     * A step of the answers that lead to the state drawn, as a link to the state it starts from.
     */
    private static Map<String, Object> step(Level level, DecisionTree.Step step) {
        return Map.of(
                "id",
                level.id(step.from().id()),
                "questionText",
                step.from().questionText(),
                "label",
                step.edge().label());
    }

    /**
     * A node for the template; its children only where the node is drawn for the first time and
     * {@code levels} questions are not yet drawn above it. A state not drawn for lack of levels is
     * left to its own page ({@code more}), and may still be drawn where it is reached higher up.
     */
    private static Map<String, Object> view(
            Level level, String id, String option, String label, Set<String> drawn, int levels) {
        DecisionTree.Node node = level.tree().nodes().get(id);
        Map<String, Object> view = new HashMap<>();
        view.put("id", level.id(id));
        view.put("option", option);
        view.put("label", label);
        view.put("question", node.question());
        view.put("questionText", node.questionText());
        view.put("why", node.why());
        view.put("status", node.status());
        view.put("leader", node.leader());
        view.put("score", node.leaderScore());
        view.put("cut", node.cut());
        boolean more = !node.isLeaf() && levels == 0 && !drawn.contains(id);
        boolean first = !more && drawn.add(id);
        view.put("more", more);
        view.put("repeat", !first && !more && !node.isLeaf());
        List<Map<String, Object>> children = new ArrayList<>();
        if (first) {
            for (DecisionTree.Edge edge : node.edges()) {
                children.add(
                        view(level, edge.target(), edge.option(), edge.label(), drawn, levels - 1));
            }
        }
        view.put("children", children);
        return view;
    }
}
