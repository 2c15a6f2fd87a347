package org.rdpdoctor.cli;

import java.math.BigInteger;
import java.util.regex.Pattern;
import org.rdpdoctor.engine.DecisionTree;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How far {@code tree} and {@code lint} explore a decision tree: {@code --max-nodes}. */
final class TreeSizeOption {
    /**
     * The most states a tree may explore: the shipped knowledge with "I don't know" took 96 s and
     * 3.1 GB for 200,000 states (35 s and 2 GB for 100,000; 19 s and 1.1 GB for 50,000).
     */
    static final int MOST = 200_000;

    @Option(
            names = "--max-nodes",
            paramLabel = "STATES",
            defaultValue = "" + DecisionTree.MAX_NODES,
            converter = StateCount.class,
            description =
                    "explore at most this many states of a decision tree from each start"
                            + " (default: ${DEFAULT-VALUE}, at most "
                            + MOST
                            + ")")
    int maxNodes;

    /** The most questions {@code tree --depth} takes: deeper than any session goes. */
    static final int DEEPEST = 50;

    /** A number of states: a whole number from 1 to {@link #MOST}. */
    static final class StateCount extends Bounded {
        StateCount() {
            super("states", MOST);
        }
    }

    /** A number of questions: a whole number from 1 to {@link #DEEPEST}. */
    static final class Depth extends Bounded {
        Depth() {
            super("questions", DEEPEST);
        }
    }

    /** A whole number from 1 to a limit, in ASCII digits; {@code unit} names it in messages. */
    abstract static class Bounded implements ITypeConverter<Integer> {
        private static final Pattern WHOLE = Pattern.compile("-?[0-9]+");

        private final String unit;
        private final int most;

        Bounded(String unit, int most) {
            this.unit = unit;
            this.most = most;
        }

        @Override
        public Integer convert(String value) {
            String text = value.trim();
            if (!WHOLE.matcher(text).matches()) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            BigInteger count = new BigInteger(text);
            if (count.signum() < 1) {
                throw new TypeConversionException("'" + value + "' " + unit + ": give at least 1");
            }
            if (count.compareTo(BigInteger.valueOf(most)) > 0) {
                throw new TypeConversionException(
                        "'" + value + "' " + unit + ": too large (at most " + most + ")");
            }
            return count.intValueExact();
        }
    }
}
