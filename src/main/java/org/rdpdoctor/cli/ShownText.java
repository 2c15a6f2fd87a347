package org.rdpdoctor.cli;

import org.rdpdoctor.OneLine;
import org.rdpdoctor.Shortened;

/**
 * Text from outside (what a user typed, what a probed server sent) made safe to show on one line of
 * a terminal: long words shortened ({@link Shortened}) and control characters written out ({@link
 * OneLine}).
 */
final class ShownText {
    private ShownText() {}

    static String of(String text) {
        return OneLine.of(Shortened.words(text));
    }
}
