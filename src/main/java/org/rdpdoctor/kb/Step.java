package org.rdpdoctor.kb;

/**
 * One step of a fix. {@code code} is something to copy and {@code codeKind} says what it is ({@code
 * powershell}, {@code cmd}, {@code registry}, {@code policy}, {@code shell}); both are null for a
 * step without code.
 */
public record Step(String text, String code, String codeKind) {}
