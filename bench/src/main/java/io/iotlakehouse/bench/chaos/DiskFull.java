package io.iotlakehouse.bench.chaos;

import io.iotlakehouse.common.error.LakehouseException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs mounted on a folder (the campaign's lake), and a ballast file that fills it: the disk-full fault.
 * Needs root (or CAP_SYS_ADMIN) for {@code mount}; {@link #mount} fails fast saying so. {@link #close} removes the
 * ballast and unmounts (lazily when something still holds a file open), so the folder is the plain, empty folder again.
 */
final class DiskFull implements AutoCloseable {
  /** What the kernel's ENOSPC reads as in Java's and Hadoop's exceptions. */
  static final String ENOSPC = "No space left on device";

  private final Path mountPoint;
  private final Path ballast;
  private final PrintStream log;

  private DiskFull(Path mountPoint, PrintStream log) {
    this.mountPoint = mountPoint;
    this.ballast = mountPoint.resolve(".ballast");
    this.log = log;
  }

  /** Mounts a tmpfs of {@code size} (e.g. 256m) on {@code folder} (created when missing). */
  static DiskFull mount(String folder, String size, PrintStream log) {
    Path dir = Path.of(folder).toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the lake folder " + dir, e);
    }
    Result r = exec("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString());
    if (r.code() != 0) {
      throw new LakehouseException("Cannot mount a " + size + " tmpfs on the lake folder " + dir + ": " + r.output().trim(),
          "the disk-full scenario fills a size-limited file system under the lake, and mounting one needs root "
              + "(CAP_SYS_ADMIN; a container needs --privileged or --cap-add SYS_ADMIN)",
          "run `./lakehouse chaos disk-full` as root (e.g. sudo ./lakehouse chaos disk-full ...) on a machine or container "
              + "that allows mount; the other scenarios need no privileges");
    }
    log.println("lake folder " + dir + " is a " + size + " tmpfs now");
    return new DiskFull(dir, log);
  }

  Path mountPoint() {
    return mountPoint;
  }

  /** Bytes still free on the mount. */
  long free() {
    try {
      return Files.getFileStore(mountPoint).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends to the ballast file until the file system refuses (ENOSPC); returns the bytes written. */
  long fill() {
    long written = 0;
    try (FileChannel ch = FileChannel.open(ballast, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      for (int chunk : new int[] {1 << 20, 4096, 1}) {
        ByteBuffer b = ByteBuffer.allocate(chunk);
        while (true) {
          b.clear();
          try {
            while (b.hasRemaining()) written += ch.write(b);
          } catch (IOException e) {
            break; // full at this chunk size: try smaller ones, down to the last byte
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ballast " + ballast, e);
    }
    return written;
  }

  /** Deletes the ballast: the space is back. */
  void clear() {
    try {
      Files.deleteIfExists(ballast);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the ballast " + ballast, e);
    }
  }

  @Override
  public void close() {
    try {
      clear();
    } catch (UncheckedIOException e) {
      log.println("warning: " + e.getMessage());
    }
    Result r = exec("umount", mountPoint.toString());
    if (r.code() != 0) {
      log.println("umount " + mountPoint + " failed (" + r.output().trim() + "); detaching it lazily (umount -l)");
      r = exec("umount", "-l", mountPoint.toString());
      if (r.code() != 0) log.println("warning: umount -l " + mountPoint + " failed too: " + r.output().trim() + "; unmount it by hand");
    }
  }

  private record Result(int code, String output) {}

  private static Result exec(String... cmd) {
    List<String> command = new ArrayList<>(List.of(cmd));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, String.join(" ", command) + " did not finish within 60 s");
      }
      return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, "cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
