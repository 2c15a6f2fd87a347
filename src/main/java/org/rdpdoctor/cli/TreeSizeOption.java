package org.rdpdoctor.cli;

import org.rdpdoctor.engine.DecisionTree;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How far {@code tree} and {@code lint} explore a decision tree: {@code --max-nodes}. */
final class TreeSizeOption {
    @Option(
            names = "--max-nodes",
            paramLabel = "STATES",
            defaultValue = "" + DecisionTree.MAX_NODES,
            converter = StateCount.class,
            description =
                    "explore at most this many states of a decision tree from each start"
                            + " (default: ${DEFAULT-VALUE})")
    int maxNodes;

    /** A number of states: a whole number, at least 1. */
    static final class StateCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int count;
            try {
                count = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            if (count < 1) {
                throw new TypeConversionException("'" + value + "' states: give at least 1");
            }
            return count;
        }
    }
}
