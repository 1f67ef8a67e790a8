package io.iotlakehouse.batch.transform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What changed in a Delta table between two versions, by data file: the files of the new version the old one does not
 * have (rows written since) and the files of the old version the new one no longer has (rows rewritten or deleted
 * since). Delta never rewrites a file in place, so a row that changed is in one of the two sets, and a row in neither
 * is unchanged. Files are compared by name (unique: Delta names each data file with a random UUID).
 */
public final class SyncPlan {
  private SyncPlan() {}

  /** Added: in the new version only. Removed: in the old version only. */
  public record Files(List<String> added, List<String> removed) {
    public boolean none() {
      return added.isEmpty() && removed.isEmpty();
    }
  }

  public static Files diff(Collection<String> oldFiles, Collection<String> newFiles) {
    Set<String> oldNames = names(oldFiles);
    Set<String> newNames = names(newFiles);
    List<String> added = new ArrayList<>();
    for (String f : newFiles) if (!oldNames.contains(fileName(f))) added.add(f);
    List<String> removed = new ArrayList<>();
    for (String f : oldFiles) if (!newNames.contains(fileName(f))) removed.add(f);
    return new Files(added, removed);
  }

  /** The last path segment of a file path or URI. */
  public static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static Set<String> names(Collection<String> files) {
    Set<String> out = new HashSet<>();
    for (String f : files) out.add(fileName(f));
    return out;
  }
}
