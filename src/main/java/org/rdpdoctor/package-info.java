/**
 * The embedding API: {@link org.rdpdoctor.RdpDoctor} runs stored diagnosis sessions for a ticketing
 * system in-process, and is what the web server and the command line use too. {@link
 * org.rdpdoctor.KnowledgeReloader} puts edited knowledge in force without a restart, once it has
 * passed its checks.
 */
package org.rdpdoctor;
