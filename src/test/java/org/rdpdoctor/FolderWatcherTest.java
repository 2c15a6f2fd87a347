package org.rdpdoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FolderWatcherTest {
    @TempDir Path dir;

    @Test
    void a_file_saved_in_a_folder_under_a_linked_folder_is_seen_and_a_link_loop_is_skipped()
            throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared/network"));
        Path scenarios = Files.createDirectories(dir.resolve("kb/scenarios"));
        Files.createSymbolicLink(scenarios.resolve("linked"), dir.resolve("shared"));
        Files.createSymbolicLink(shared.resolve("loop"), dir.resolve("shared"));
        CountDownLatch changed = new CountDownLatch(1);

        try (FolderWatcher watcher =
                new FolderWatcher(List.of(scenarios), changed::countDown, "test-watch")) {
            Files.writeString(shared.resolve("dns.yaml"), "id: network/dns\n");

            assertThat(changed.await(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void a_folder_deleted_and_put_back_is_watched_again() throws Exception {
        Path kb = Files.createDirectories(dir.resolve("kb"));
        Files.writeString(kb.resolve("causes.yaml"), "[]\n");
        Semaphore changes = new Semaphore(0);

        try (FolderWatcher watcher =
                new FolderWatcher(List.of(kb), changes::release, "test-watch")) {
            Files.delete(kb.resolve("causes.yaml"));
            Files.delete(kb);
            assertThat(changes.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
            Files.createDirectories(kb);
            assertThat(changes.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
            changes.drainPermits();
            Files.writeString(kb.resolve("causes.yaml"), "- id: x\n");

            assertThat(changes.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void a_folder_replaced_by_another_under_its_name_is_watched_in_its_place() throws Exception {
        Path kb = Files.createDirectories(dir.resolve("kb"));
        Path next = Files.createDirectories(dir.resolve("kb.next"));
        Semaphore changes = new Semaphore(0);

        try (FolderWatcher watcher =
                new FolderWatcher(List.of(kb), changes::release, "test-watch")) {
            Files.move(kb, dir.resolve("kb.old"));
            Files.move(next, kb);
            assertThat(changes.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
            changes.drainPermits();
            Files.writeString(kb.resolve("causes.yaml"), "- id: x\n");

            assertThat(changes.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
        }
    }
}
