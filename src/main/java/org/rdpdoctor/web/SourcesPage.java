package org.rdpdoctor.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.engine.Provenance;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Source;

/**
 * The sources page: every document the knowledge comes from, with its trust and what cites it, and
 * the pieces of knowledge that rest on low-trust sources alone. The session page links a source
 * that is not on the web (a seed article, the fact sheet) here.
 */
final class SourcesPage {
    static final String PATH = "/sources";

    private final RdpDoctor doctor;
    private final Views views;

    SourcesPage(RdpDoctor doctor, Views views) {
        this.doctor = doctor;
        this.views = views;
    }

    void register(Javalin app) {
        app.get(PATH, this::show);
    }

    /**
     * Where a link to a source goes: its own address when it is on the web, else its entry on the
     * sources page.
     */
    static String href(Source source) {
        return onTheWeb(source) ? source.location() : PATH + "#" + source.id();
    }

    private static boolean onTheWeb(Source source) {
        return source.location().startsWith("https://") || source.location().startsWith("http://");
    }

    /** Each source of the knowledge by id, as the pages link it: title, trust and address. */
    static Map<String, Map<String, Object>> links(KnowledgeBase kb) {
        Map<String, Map<String, Object>> links = new LinkedHashMap<>();
        for (Source s : kb.sources()) {
            Map<String, Object> link = new HashMap<>();
            link.put("title", s.title());
            link.put("trust", s.trust());
            link.put("href", href(s));
            links.put(s.id(), link);
        }
        return links;
    }

    private void show(Context ctx) {
        RuleBase rules = doctor.rules();
        Provenance provenance = rules.provenance();
        List<Map<String, Object>> sources =
                rules.knowledge().sources().stream()
                        .map(
                                s -> {
                                    Map<String, Object> view = Views.map(s);
                                    view.put("onTheWeb", onTheWeb(s));
                                    view.put("citedBy", Views.plain(provenance.citing(s.id())));
                                    return view;
                                })
                        .toList();
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Sources");
        model.put("version", rules.version());
        model.put("sources", sources);
        model.put("unconfirmed", Views.plain(provenance.unconfirmed()));
        views.render(ctx, Views.SOURCES, model);
    }
}
