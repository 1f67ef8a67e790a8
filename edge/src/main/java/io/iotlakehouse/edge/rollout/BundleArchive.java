package io.iotlakehouse.edge.rollout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A bundle folder as one zip file, the form in which a gateway downloads it. Entries are the folder's regular files by
 * relative path, sorted, with a fixed timestamp (the same folder always gives the same bytes). Unpacking refuses
 * entries that would leave the target folder, anything but plain files, and more than {@code maxBytes} in total.
 */
public final class BundleArchive {
  private BundleArchive() {}

  public static void zip(Path bundleDir, Path zipFile) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(bundleDir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream out = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Path f : files) {
        ZipEntry e = new ZipEntry(bundleDir.relativize(f).toString().replace('\\', '/'));
        e.setTime(0L);
        zip.putNextEntry(e);
        Files.copy(f, zip);
        zip.closeEntry();
      }
    }
  }

  /** Unpacks {@code zipFile} into {@code target} (created; must not exist). IOException says what is wrong. */
  public static void unzip(Path zipFile, Path target, long maxBytes) throws IOException {
    Files.createDirectories(target.getParent());
    Files.createDirectory(target);
    Path root = target.toAbsolutePath().normalize();
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(zipFile); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.isDirectory()) continue;
        Path out = root.resolve(e.getName()).normalize();
        if (!out.startsWith(root) || out.equals(root)) throw new IOException("archive entry '" + e.getName() + "' leaves the bundle folder");
        Files.createDirectories(out.getParent());
        try (OutputStream o = Files.newOutputStream(out, java.nio.file.StandardOpenOption.CREATE_NEW)) {
          for (int n = zip.read(buf); n > 0; n = zip.read(buf)) {
            total += n;
            if (total > maxBytes) throw new IOException("archive unpacks to more than " + maxBytes + " bytes (edge.model.max-bundle-bytes)");
            o.write(buf, 0, n);
          }
        }
      }
    }
  }

  public static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
