package org.rdpdoctor.web;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browsers of a test class: skips the class (or fails it under {@code CI=true}) before anything
 * else runs when no browser is installed, saves a {@code failure} screenshot of every browser a
 * failed test opened, and closes them after each test. Register it in a static field.
 */
final class Browsers implements BeforeAllCallback, AfterTestExecutionCallback, AfterEachCallback {
    private final List<Browser> open = new ArrayList<>();

    /** A new browser for the running test, closed after it. */
    Browser open(String journey, int width, int height) {
        Browser browser = Browser.open(journey, width, height);
        open.add(browser);
        return browser;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Browser.assumeInstalled();
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        context.getExecutionException()
                .ifPresent(
                        failure -> {
                            for (Browser browser : open) {
                                try {
                                    browser.screenshot("failure");
                                } catch (RuntimeException e) {
                                    failure.addSuppressed(e);
                                }
                            }
                        });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (Browser browser : open) {
            browser.close();
        }
        open.clear();
    }
}
