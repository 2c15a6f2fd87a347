package org.rdpdoctor.engine;

/** Fact: the error codes the user saw, as numbers. {@code extended} is 0 when none was shown. */
public record ErrorReport(int disconnect, int extended) {}
