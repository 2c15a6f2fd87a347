/**
 * The knowledge base as immutable data: causes, questions, fixes, error codes, platforms, evidence
 * kinds, sources and scenarios, and the loader that reads and validates {@code kb/}. It knows
 * nothing of Drools, sessions, storage or the web.
 */
package org.rdpdoctor.kb;
