/**
 * The embedding API: {@link org.rdpdoctor.RdpDoctor} runs stored diagnosis sessions for a ticketing
 * system in-process, and is what the web server and the command line use too.
 */
package org.rdpdoctor;
