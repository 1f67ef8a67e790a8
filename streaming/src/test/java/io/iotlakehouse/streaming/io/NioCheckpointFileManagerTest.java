package io.iotlakehouse.streaming.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioCheckpointFileManagerTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void writesCheckpointFilesAtomicallyWithoutSideFiles() throws Exception {
    NioCheckpointFileManager fm = new NioCheckpointFileManager(new Path(dir.toString()), new Configuration());
    Path batch = new Path(dir.resolve("commits").toString(), "0");
    fm.mkdirs(batch.getParent());
    try (FSDataOutputStream out = fm.createAtomic(batch, false)) {
      out.write("v1\n{}".getBytes(StandardCharsets.UTF_8));
    }
    java.nio.file.Path file = dir.resolve("commits/0");
    assertThat(Files.readString(file)).isEqualTo("v1\n{}");
    assertThat(Files.list(dir.resolve("commits"))).extracting(p -> p.getFileName().toString()).containsExactly("0");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).startsWith("rw-");
    assertThat(fm.exists(batch)).isTrue();
    // a batch file is never overwritten: a second writer of the same batch fails
    assertThatThrownBy(() -> {
      try (FSDataOutputStream out = fm.createAtomic(batch, false)) {
        out.write(1);
      }
    }).isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void onlyLocalCheckpointsUseIt() {
    assertThat(NioCheckpointFileManager.local("/data/lake/checkpoints/q")).isTrue();
    assertThat(NioCheckpointFileManager.local("file:/data/lake/checkpoints/q")).isTrue();
    assertThat(NioCheckpointFileManager.local("s3a://bucket/lake/checkpoints/q")).isFalse();
  }
}
