package org.rdpdoctor.cli;

import java.nio.file.Path;
import org.rdpdoctor.engine.RuleBase;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the knowledge is: {@code --kb} and {@code --rules}, by default in the working directory.
 */
final class KnowledgeOptions {
    @Mixin KbFolderOption folder;

    @Option(
            names = "--rules",
            defaultValue = "rules",
            converter = KbFolderOption.Folder.class,
            description = "rules folder (default: ${DEFAULT-VALUE})")
    Path rules;

    RuleBase load() {
        return RuleBase.load(folder.kb, rules);
    }
}
