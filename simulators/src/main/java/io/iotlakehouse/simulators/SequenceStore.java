package io.iotlakehouse.simulators;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last sequence number used per device, persisted so that a second run continues each device's sequence
 * instead of reusing numbers (which downstream layers would rightly flag as duplicates). Written atomically.
 */
public final class SequenceStore {
  private final Path file;
  private final Map<String, Long> last = new ConcurrentHashMap<>();

  public SequenceStore(Path file) {
    this.file = file;
    if (file != null && Files.exists(file)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read device sequence file " + file, e);
      }
      p.stringPropertyNames().forEach(k -> last.put(k, Long.parseLong(p.getProperty(k).trim())));
    }
  }

  /** The next seq of a device (1 for a new device). */
  public long next(String deviceId) {
    return last.merge(deviceId, 1L, Long::sum);
  }

  public long last(String deviceId) {
    return last.getOrDefault(deviceId, 0L);
  }

  public synchronized void save() {
    if (file == null) return;
    Properties p = new Properties();
    last.forEach((k, v) -> p.setProperty(k, Long.toString(v)));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp)) {
        p.store(w, "last sequence number per simulated device");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write device sequence file " + file, e);
    }
  }
}
