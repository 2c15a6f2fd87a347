package org.rdpdoctor.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.TextLimits;
import org.rdpdoctor.engine.DecisionTree;
import org.rdpdoctor.engine.RuleBase;

/**
 * The decision tree page for knowledge editors: the tree the rules produce from a start, drawn as
 * nested collapsible lists. A state reached again by other answers is drawn once and linked to
 * elsewhere. Trees are computed once per knowledge version and start ({@link TreeCache}).
 */
final class TreePage {

    private final RdpDoctor doctor;
    private final Views views;
    private final TreeCache trees = new TreeCache();

    TreePage(RdpDoctor doctor, Views views) {
        this.doctor = doctor;
        this.views = views;
    }

    void register(Javalin app) {
        app.get("/tree", this::show);
    }

    private void show(Context ctx) {
        String code = Objects.requireNonNullElse(Bodies.query(ctx, "code"), "0x904");
        String extended = Objects.requireNonNullElse(Bodies.query(ctx, "extended"), "0x7");
        TextLimits.text("code", code, TextLimits.CODE_MAX);
        TextLimits.text("extended", extended, TextLimits.CODE_MAX);
        RuleBase rules = doctor.rules();
        DecisionTree tree = trees.get(rules, code, extended);
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Decision tree");
        model.put("version", rules.version());
        model.put("code", code);
        model.put("extended", extended);
        model.put("size", tree.nodes().size());
        model.put("leaves", tree.leaves().size());
        model.put("depth", tree.depth());
        model.put("average", tree.averageQuestions());
        model.put("worst", tree.worstQuestions());
        model.put("truncated", tree.truncated());
        model.put("root", view(tree, tree.root(), null, null, new HashSet<>()));
        views.render(ctx, Views.TREE, model);
    }

    /** A node for the template; its children only where the node is drawn for the first time. */
    private static Map<String, Object> view(
            DecisionTree tree, String id, String option, String label, Set<String> drawn) {
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
        boolean first = drawn.add(id);
        view.put("repeat", !first && !node.isLeaf());
        List<Map<String, Object>> children = new ArrayList<>();
        if (first) {
            for (DecisionTree.Edge edge : node.edges()) {
                children.add(view(tree, edge.target(), edge.option(), edge.label(), drawn));
            }
        }
        view.put("children", children);
        return view;
    }
}
