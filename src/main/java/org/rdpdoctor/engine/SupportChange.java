package org.rdpdoctor.engine;

import java.util.Set;

/** The supports a session would gain and lose with one more fact. */
record SupportChange(Set<Support> added, Set<Support> removed) {
    SupportChange {
        added = Set.copyOf(added);
        removed = Set.copyOf(removed);
    }
}
