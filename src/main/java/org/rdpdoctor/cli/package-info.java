/**
 * The {@code rdp-doctor} command and its sub-commands. Each command is a thin shell over the
 * engine: it loads the knowledge, turns its input into events and prints states.
 */
package org.rdpdoctor.cli;
