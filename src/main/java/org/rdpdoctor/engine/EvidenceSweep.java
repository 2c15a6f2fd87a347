package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rdpdoctor.kb.EvidenceKind;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.kb.Problem;
import org.rdpdoctor.kb.Scenario;

/**
 * Reports every value of every evidence kind, from each source an event may name, to a session
 * fresh from each start, and takes it back: a rule whose condition or conclusion throws only on
 * evidence a probe, a ticket or a user can report is found before a session meets it. The decision
 * trees and the scenarios answer questions; they report no evidence but the scenarios' own.
 */
final class EvidenceSweep {
    private EvidenceSweep() {}

    /**
     * Each rule that threw, once, at its file and line, naming the evidence and the start that made
     * it throw.
     *
     * @throws InvalidKnowledgeException when a rule throws on a start alone, before any evidence
     */
    static List<Problem> rulesThatThrow(RuleBase rules, Collection<Scenario.Start> starts) {
        Set<Problem> thrown = new LinkedHashSet<>();
        List<Problem> problems = new ArrayList<>();
        for (Scenario.Start start : starts) {
            sweep(rules, start, thrown, problems);
        }
        return problems;
    }

    private static void sweep(
            RuleBase rules, Scenario.Start start, Set<Problem> thrown, List<Problem> problems) {
        Event.Started started =
                new Event.Started(start.errorCode(), start.extendedCode(), null, null, null);
        Diagnosis diagnosis = Diagnosis.start(rules, started);
        try {
            for (EvidenceKind kind : rules.knowledge().evidenceKinds()) {
                for (EvidenceKind.Value value : kind.values()) {
                    for (String source : Diagnosis.EVIDENCE_SOURCES) {
                        try {
                            diagnosis.change(
                                    new Event.EvidenceAdded(kind.id(), value.id(), source, null));
                            diagnosis.change(new Event.EvidenceWithdrawn(kind.id(), source));
                        } catch (InvalidKnowledgeException e) {
                            String on =
                                    " (on evidence %s: %s from the %s, in a session started with %s)"
                                            .formatted(
                                                    kind.id(), value.id(), source, start.shown());
                            for (Problem p : e.problems()) {
                                if (thrown.add(p)) {
                                    problems.add(
                                            new Problem(
                                                    p.file(),
                                                    p.line(),
                                                    p.column(),
                                                    p.field(),
                                                    p.message() + on));
                                }
                            }
                            // A session a rule threw in is left half-fired: go on in a new one.
                            diagnosis.close();
                            diagnosis = Diagnosis.start(rules, started);
                        }
                    }
                }
            }
        } finally {
            diagnosis.close();
        }
    }
}
