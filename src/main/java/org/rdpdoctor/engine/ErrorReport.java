package org.rdpdoctor.engine;

/**
 * Fact: the error codes the user saw, as numbers. {@code extended} is 0 when none was shown, except
 * that FreeRDP's last error of class 1, given as the error code, brings the server's error-info
 * code it carries.
 */
public record ErrorReport(int disconnect, int extended) {}
