package org.rdpdoctor.kb;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression's syntax error in plain words, at the character of the pattern that causes
 * it: Java names an unclosed group at the pattern's end, and counts from 0 in the pattern, not in
 * the file.
 */
public final class RegexSyntax {
    /** What is wrong and the index in the pattern of the character at fault, or -1. */
    public record Fault(int index, String message) {}

    private RegexSyntax() {}

    /**
     * What is wrong with the pattern {@code e} was thrown for, at the character that causes it:
     * used for the ticket patterns of kb/ and the patterns after {@code matches} in rules/.
     */
    public static Fault of(PatternSyntaxException e) {
        String pattern = e.getPattern();
        String description = e.getDescription();
        if (description.startsWith("Unclosed group")) {
            int open = unclosedGroup(pattern);
            if (open >= 0) {
                return new Fault(
                        open,
                        "not a valid regular expression: this ( opens a group that no ) closes;"
                                + " add the ), or write \\( for a bracket meant as text");
            }
        }
        int index = Math.min(e.getIndex(), pattern.length() - 1);
        String plain =
                switch (description) {
                    case "Unmatched closing ')'" ->
                            "this ) closes no group; remove it, or write"
                                    + " \\) for a bracket meant as text";
                    case "Unclosed character class" ->
                            "a [ … ] set of characters is not closed;"
                                    + " add the ], or write \\[ for a bracket meant as text";
                    default ->
                            description.startsWith("Dangling meta character")
                                    ? "'"
                                            + (index >= 0 ? pattern.charAt(index) : '?')
                                            + "' repeats nothing here; write it with a \\ before it for"
                                            + " the character itself"
                                    : description;
                };
        return new Fault(index, "not a valid regular expression: " + plain);
    }

    /**
     * Where the first group left open begins, or -1: escapes, {@code \Q…\E} and character classes
     * are skipped, as Java reads them.
     */
    private static int unclosedGroup(String pattern) {
        Deque<Integer> open = new ArrayDeque<>();
        int classDepth = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == 'Q') {
                    int end = pattern.indexOf("\\E", i + 2);
                    i = end < 0 ? pattern.length() : end + 1;
                } else {
                    i++;
                }
            } else if (c == '[') {
                classDepth++;
            } else if (c == ']' && classDepth > 0) {
                classDepth--;
            } else if (classDepth == 0 && c == '(') {
                open.push(i);
            } else if (classDepth == 0 && c == ')' && !open.isEmpty()) {
                open.pop();
            }
        }
        return open.isEmpty() ? -1 : open.peekLast();
    }
}
