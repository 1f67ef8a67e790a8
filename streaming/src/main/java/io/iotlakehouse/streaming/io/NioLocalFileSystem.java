package io.iotlakehouse.streaming.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's raw local file system, setting permissions through java.nio instead of forking {@code chmod}. Without
 * Hadoop's native library (not shipped on Maven Central), every file Hadoop creates on the local disk forks a
 * {@code chmod} process: a streaming query's two checkpoint files per micro-batch (plus their .crc files) cost four
 * process launches per batch, tens to hundreds of milliseconds on a loaded machine. Raw: no .crc side files either.
 */
public class NioLocalFileSystem extends RawLocalFileSystem {
  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    String rwx = permission.getUserAction().SYMBOL + permission.getGroupAction().SYMBOL + permission.getOtherAction().SYMBOL;
    try {
      Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(rwx));
    } catch (UnsupportedOperationException e) {
      super.setPermission(p, permission); // not a POSIX file system: Hadoop's own way
    }
  }
}
