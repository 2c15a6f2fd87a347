package org.rdpdoctor.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.Cause;
import org.rdpdoctor.kb.Fix;
import org.rdpdoctor.kb.KnowledgeBase;

/**
 * The causes page: every cause the knowledge knows, by category, with its fixes step by step, for
 * an agent who already knows what is wrong and wants the fix without a session. The session page
 * links each cause it ranks here.
 */
final class CausesPage {
    static final String PATH = "/causes";

    private final RdpDoctor doctor;
    private final Views views;

    CausesPage(RdpDoctor doctor, Views views) {
        this.doctor = doctor;
        this.views = views;
    }

    void register(Javalin app) {
        app.get(PATH, this::show);
    }

    private void show(Context ctx) {
        RuleBase rules = doctor.rules();
        KnowledgeBase kb = rules.knowledge();
        Map<String, List<Map<String, Object>>> byCategory = new LinkedHashMap<>();
        for (Cause cause : kb.causes()) {
            Map<String, Object> view = Views.map(cause);
            view.put(
                    "fixes",
                    cause.fixes().stream()
                            .flatMap(id -> kb.fix(id).stream())
                            .map(fix -> fixView(fix, cause))
                            .toList());
            byCategory.computeIfAbsent(cause.category(), c -> new ArrayList<>()).add(view);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Causes and fixes");
        model.put("version", rules.version());
        model.put("categories", byCategory);
        model.put("sources", SourcesPage.links(kb));
        views.render(ctx, Views.CAUSES, model);
    }

    /**
     * A fix as the page shows it under one of its causes: {@code ifFailed} is what its failure
     * would mean for that cause, as on a session's page.
     */
    private static Map<String, Object> fixView(Fix fix, Cause cause) {
        Map<String, Object> view = Views.map(fix);
        view.put("ifFailed", Views.plain(fix.ifFailed(cause.id())));
        return view;
    }
}
