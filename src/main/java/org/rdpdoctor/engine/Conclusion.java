package org.rdpdoctor.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The facts rules conclude: the only things a consequence creates, and what no condition reads, as
 * a rule that reads them can feed on its own conclusions.
 */
enum Conclusion {
    SUPPORT(Support.class, "cause", ", a weight", ", Weight.STRONG"),
    ASK(Ask.class, "question", "", ""),
    TRY_FIRST(TryFirst.class, "fix", "", "");

    private final Class<?> type;
    private final String names;
    private final String takesMore;
    private final String moreExample;

    /**
     * @param names what the id a conclusion begins with names
     * @param takesMore the arguments between the id and kcontext, in words
     * @param moreExample the same arguments as written
     */
    Conclusion(Class<?> type, String names, String takesMore, String moreExample) {
        this.type = type;
        this.names = names;
        this.takesMore = takesMore;
        this.moreExample = moreExample;
    }

    /** The class name as rules write it: {@code Support}. */
    String simpleName() {
        return type.getSimpleName();
    }

    /** What the id it begins with names: {@code cause}, {@code question} or {@code fix}. */
    String names() {
        return names;
    }

    /** How many arguments its constructor takes in a rule, kcontext included. */
    int arity() {
        return moreExample.isEmpty() ? 2 : 3;
    }

    /** What its constructor takes and an example: for a message about a wrong call. */
    String usage() {
        return "new %s(…) takes a %s id in quotes%s and kcontext, as in %s"
                .formatted(simpleName(), names, takesMore, example());
    }

    /** A whole conclusion: {@code new Ask("question-id", kcontext)}. */
    String example() {
        return "new %s(\"%s-id\"%s, kcontext)".formatted(simpleName(), names, moreExample);
    }

    /** The conclusion a class name names, if any. */
    static Optional<Conclusion> of(String simpleName) {
        return Arrays.stream(values()).filter(c -> c.simpleName().equals(simpleName)).findFirst();
    }

    static boolean is(Class<?> type) {
        return Arrays.stream(values()).anyMatch(c -> c.type == type);
    }

    /** Whether a condition on {@code type} also matches some conclusion, as {@code Object} does. */
    static boolean matchedBy(Class<?> type) {
        return Arrays.stream(values()).anyMatch(c -> type.isAssignableFrom(c.type));
    }

    /** The class names for a regular expression: {@code Support|Ask|TryFirst}. */
    static String alternation() {
        return String.join("|", classNames());
    }

    /** The class names in prose: {@code Support, Ask and TryFirst}. */
    static String inWords() {
        return each("%s", "and");
    }

    /**
     * Each class name put into {@code format} and listed with {@code last} before the last one:
     * {@code each("new %s(…)", "or")} is {@code new Support(…), new Ask(…) or new TryFirst(…)}.
     */
    static String each(String format, String last) {
        return listed(classNames().stream().map(format::formatted).toList(), last);
    }

    /** A whole statement of each kind, for a reader who wrote none of them right. */
    static String examples() {
        return String.join(
                " or ",
                Arrays.stream(values()).map(c -> "insertLogical(" + c.example() + ");").toList());
    }

    static List<String> classNames() {
        return Arrays.stream(values()).map(Conclusion::simpleName).toList();
    }

    private static String listed(List<String> items, String last) {
        return String.join(", ", items.subList(0, items.size() - 1))
                + " "
                + last
                + " "
                + items.get(items.size() - 1);
    }
}
