package io.iotlakehouse.registry.server.artifacts;

import io.iotlakehouse.registry.server.http.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder that backs the {@code mlflow-artifacts} proxy, like {@code mlflow server --artifacts-destination}.
 * Paths are relative, '/'-separated and checked the way MLflow's {@code validate_path_is_safe} checks them, and
 * every resolved path must stay inside the root.
 */
public final class ArtifactRoot {
  private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:.*");

  /** One listing entry; {@code size} is null for directories. */
  public record Entry(String name, boolean directory, Long size) {
  }

  private final Path root;

  public ArtifactRoot(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the artifact folder " + this.root + ". Choose a writable data "
          + "directory.", e);
    }
  }

  public Path root() {
    return root;
  }

  /** Rejects {@code ..} segments, absolute paths, drive letters and backslashes with MLflow's "Invalid path". */
  public static void checkSafe(String path) {
    if (path == null || path.isEmpty()) {
      return;
    }
    boolean unsafe = path.startsWith("/") || path.contains("\\") || WINDOWS_DRIVE.matcher(path).matches()
        || Stream.of(path.split("/")).anyMatch(".."::equals);
    if (unsafe) {
      throw ApiException.invalidParameter("Invalid path: " + path);
    }
  }

  /** Resolves a checked relative path (empty means the root itself). */
  public Path resolve(String relative) {
    checkSafe(relative);
    Path resolved = relative == null || relative.isEmpty() ? root : root.resolve(relative).normalize();
    if (!resolved.startsWith(root)) {
      throw ApiException.invalidParameter("Invalid path: " + relative);
    }
    return resolved;
  }

  /**
   * The local folder behind an artifact URI: {@code mlflow-artifacts:/a/b} (with or without an authority) maps
   * under the root, {@code file:} URIs and absolute paths map to themselves; other schemes are not served here.
   */
  public Optional<Path> localFolder(String artifactUri) {
    if (artifactUri.startsWith("mlflow-artifacts:")) {
      URI uri = URI.create(artifactUri);
      String path = uri.getPath() == null ? "" : uri.getPath();
      return Optional.of(resolve(path.replaceFirst("^/+", "")));
    }
    if (artifactUri.startsWith("file:")) {
      return Optional.of(Path.of(URI.create(artifactUri)));
    }
    if (artifactUri.startsWith("/")) {
      return Optional.of(Path.of(artifactUri));
    }
    return Optional.empty();
  }

  /** Entries directly under a folder, sorted by name; empty when it is missing or is a file. */
  public static List<Entry> list(Path folder) {
    List<Entry> entries = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return entries;
    }
    try (Stream<Path> children = Files.list(folder)) {
      for (Path child : children.filter(p -> !isPartialUpload(p))
          .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
        boolean directory = Files.isDirectory(child);
        entries.add(new Entry(child.getFileName().toString(), directory, directory ? null : Files.size(child)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  private static boolean isPartialUpload(Path path) {
    String name = path.getFileName().toString();
    return name.startsWith(".upload-") && name.endsWith(".tmp");
  }

  /** Writes a file atomically (temp file + rename), creating parent folders. */
  public void write(String relative, byte[] content) {
    Path target = resolve(relative);
    try {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
      Files.write(temp, content);
      Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write artifact " + target + ": " + e.getMessage(), e);
    }
  }

  /** Reads a file; a missing file or a folder gives MLflow's 500 INTERNAL_ERROR with the server path. */
  public byte[] read(String relative) {
    Path file = resolve(relative);
    try {
      if (Files.isDirectory(file)) {
        throw new IOException("[Errno 21] Is a directory: '" + file + "'");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw downloadFailure(relative, "[Errno 2] No such file or directory: '" + file + "'");
    } catch (IOException e) {
      throw downloadFailure(relative, e.getMessage());
    }
  }

  private ApiException downloadFailure(String relative, String reason) {
    return ApiException.internal("The following failures occurred while downloading one or more artifacts from "
        + root + ":\n##### File " + relative + " #####\n" + reason);
  }

  /**
   * Deletes a folder recursively; a missing path is a no-op. Deleting a single file fails, as it does in
   * MLflow's local artifact repository (which only removes directory trees).
   */
  public void delete(String relative) {
    Path target = resolve(relative);
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new IllegalStateException("Cannot delete artifact " + relative + ": it is a file and the local artifact "
          + "repository only deletes directories (NotADirectoryError in MLflow). Delete its parent directory instead.");
    }
    try (Stream<Path> walk = Files.walk(target)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete artifact folder " + target + ": " + e.getMessage(), e);
    }
  }
}
