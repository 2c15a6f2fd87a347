/**
 * Sessions as append-only event logs with their metadata, and fix outcomes for analytics, kept over
 * JDBC (embedded H2 by default, PostgreSQL by URL). It knows engine events, never Drools, and
 * nothing of the web.
 */
package org.rdpdoctor.store;
