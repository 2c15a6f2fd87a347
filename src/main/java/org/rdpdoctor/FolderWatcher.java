package org.rdpdoctor;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches folders and every folder under them, and calls back once a burst of changes to knowledge
 * files ({@code .yaml}, {@code .yml}, {@code .drl}) or folders has been quiet for {@link #QUIET}:
 * an editor's save or a checkout of many files gives one call. A watched folder deleted, moved away
 * or replaced under its name counts as a change too, and is watched again once it is back. The
 * callback runs on the watch thread, so it must return quickly.
 */
final class FolderWatcher implements AutoCloseable {
    /** How long no change must arrive before a burst counts as finished. */
    static final Duration QUIET = Duration.ofMillis(300);

    private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);
    private static final List<String> KNOWLEDGE_FILES = List.of(".yaml", ".yml", ".drl");

    private final List<Path> roots;
    private final Runnable onChange;
    private final WatchService service;
    private final Map<WatchKey, Path> folders = new ConcurrentHashMap<>();

    /**
     * The folders that hold the roots, outside every root, each with the roots it holds: only their
     * entries for a root count, so a root deleted, moved away or put back under its name is seen.
     */
    private final Map<WatchKey, List<Path>> parents = new ConcurrentHashMap<>();

    private final Thread thread;

    /**
     * Starts watching {@code roots}.
     *
     * @throws UncheckedIOException when a root cannot be watched
     */
    FolderWatcher(List<Path> roots, Runnable onChange, String threadName) {
        this.roots = List.copyOf(roots);
        this.onChange = onChange;
        try {
            this.service = this.roots.get(0).getFileSystem().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + this.roots + " for changes", e);
        }
        try {
            for (Path root : this.roots) {
                registerTree(root);
            }
            registerParents();
        } catch (IOException | UncheckedIOException e) {
            closeService();
            throw new UncheckedIOException(
                    "cannot watch " + this.roots + " for changes: " + e.getMessage(),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops watching and waits (briefly) for the watch thread to end. */
    @Override
    public void close() {
        closeService();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeService() {
        try {
            service.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop watching " + roots, e);
        }
    }

    private void run() {
        try {
            while (true) {
                boolean relevant = drain(service.take());
                WatchKey more;
                while ((more = service.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    relevant |= drain(more);
                }
                if (relevant) {
                    registerRoots();
                    onChange.run();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // close() was called: this is how the watch thread ends.
        }
    }

    /** Takes a key's events; true when one concerns knowledge. */
    private boolean drain(WatchKey key) {
        List<Path> held = parents.get(key);
        if (held != null) {
            return drainParent(key, held);
        }
        Path folder = folders.get(key);
        boolean relevant = folder == null;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW || folder == null) {
                relevant = true;
                continue;
            }
            Path child = folder.resolve((Path) event.context());
            if (Files.isDirectory(child)) {
                if (event.kind() == ENTRY_CREATE) {
                    registerQuietly(child);
                }
                relevant = true;
            } else {
                relevant |= isKnowledgeFile(child) || folders.containsValue(child);
            }
        }
        if (!key.reset()) {
            folders.remove(key);
        }
        return relevant;
    }

    /**
     * Takes the events of a folder holding roots; true when one names a root. A root that went or
     * came stops being watched where it was (a folder moved away keeps its watch), and {@link
     * #registerRoots()} watches it again where it is now.
     */
    private boolean drainParent(WatchKey key, List<Path> held) {
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            for (Path root : held) {
                if (event.kind() == OVERFLOW || root.getFileName().equals(event.context())) {
                    unregisterTree(root);
                    relevant = true;
                }
            }
        }
        if (!key.reset()) {
            parents.remove(key);
        }
        return relevant;
    }

    private void unregisterTree(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        folders.entrySet()
                .removeIf(
                        entry -> {
                            boolean under =
                                    entry.getValue()
                                            .toAbsolutePath()
                                            .normalize()
                                            .startsWith(absolute);
                            if (under) {
                                entry.getKey().cancel();
                            }
                            return under;
                        });
    }

    /** Watches the folders that hold the roots for entries named as a root. */
    private void registerParents() {
        Map<Path, List<Path>> byParent = new LinkedHashMap<>();
        for (Path root : roots) {
            Path absolute = root.toAbsolutePath().normalize();
            Path parent = absolute.getParent();
            boolean insideRoot =
                    roots.stream()
                            .anyMatch(
                                    r ->
                                            parent != null
                                                    && parent.startsWith(
                                                            r.toAbsolutePath().normalize()));
            if (parent != null && !insideRoot) {
                byParent.computeIfAbsent(parent, p -> new ArrayList<>()).add(absolute);
            }
        }
        for (Map.Entry<Path, List<Path>> entry : byParent.entrySet()) {
            try {
                parents.put(
                        entry.getKey().register(service, ENTRY_CREATE, ENTRY_DELETE),
                        List.copyOf(entry.getValue()));
            } catch (IOException e) {
                // The roots themselves are watched; only their going and coming back goes unseen.
                LOG.warn(
                        "cannot watch {} for {} being replaced: {}",
                        entry.getKey(),
                        entry.getValue(),
                        e.getMessage());
            }
        }
    }

    private static boolean isKnowledgeFile(Path file) {
        String name = file.getFileName().toString();
        return KNOWLEDGE_FILES.stream().anyMatch(name::endsWith);
    }

    /** Registers folders created while a burst was still going on. */
    private void registerRoots() {
        for (Path root : roots) {
            registerQuietly(root);
        }
    }

    private void registerQuietly(Path root) {
        try {
            registerTree(root);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot watch {} for changes: {}", root, e.getMessage());
        }
    }

    /**
     * Registers a folder and every folder under it, through links to folders as the loader reads
     * them; a link that loops back or a folder that cannot be read, which the loader names as
     * problems, is skipped.
     */
    private void registerTree(Path root) throws IOException {
        Files.walkFileTree(
                root,
                EnumSet.of(FileVisitOption.FOLLOW_LINKS),
                Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(
                            Path folder, BasicFileAttributes attributes) throws IOException {
                        folders.put(
                                folder.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY),
                                folder);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e)
                            throws IOException {
                        if (e instanceof FileSystemLoopException || !file.equals(root)) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
    }
}
