package org.rdpdoctor.cli;

import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Where the knowledge files are: {@code --kb}, by default {@code kb} in the working directory. */
final class KbFolderOption {
    @Option(
            names = "--kb",
            defaultValue = "kb",
            converter = Folder.class,
            description = "knowledge folder (default: ${DEFAULT-VALUE})")
    Path kb;

    /**
     * A folder's path, not empty: an empty one is the working directory, where a script's unset
     * variable ({@code --kb "$KB"}) would have every knowledge file reported missing.
     */
    static final class Folder implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException("it is empty: give a folder");
            }
            return Path.of(value);
        }
    }
}
