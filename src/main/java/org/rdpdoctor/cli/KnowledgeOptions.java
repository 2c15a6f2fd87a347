package org.rdpdoctor.cli;

import java.nio.file.Path;
import org.rdpdoctor.engine.RuleBase;
import picocli.CommandLine.Option;

/**
 * Where the knowledge is: {@code --kb} and {@code --rules}, by default in the working directory.
 */
final class KnowledgeOptions {
    @Option(
            names = "--kb",
            defaultValue = "kb",
            description = "knowledge folder (default: ${DEFAULT-VALUE})")
    Path kb;

    @Option(
            names = "--rules",
            defaultValue = "rules",
            description = "rules folder (default: ${DEFAULT-VALUE})")
    Path rules;

    RuleBase load() {
        return RuleBase.load(kb, rules);
    }
}
