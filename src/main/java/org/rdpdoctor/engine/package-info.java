/**
 * The reasoning: facts, the compiled rule base, a {@link org.rdpdoctor.engine.Diagnosis} session
 * replayed from its events, ranking, question choice and explanations. Drools lives here and
 * nowhere else; this package knows {@code kb} and nothing above it.
 */
package org.rdpdoctor.engine;
