package org.rdpdoctor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the knowledge files are: {@code --kb}, by default {@code kb} in the working directory. */
final class KbFolderOption {
    @Option(
            names = "--kb",
            defaultValue = "kb",
            description = "knowledge folder (default: ${DEFAULT-VALUE})")
    Path kb;
}
