package io.iotlakehouse.training.cmapss;

import io.iotlakehouse.training.features.CycleRecord;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.model.TruncationPolicy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Builds a test split in the official C-MAPSS file format from a run-to-failure training file, for use when the
 * official test/RUL files are not at hand: a seeded random set of units is held out, each held-out engine is cut
 * at a random cycle ({@link TruncationPolicy}), the cut engines are renumbered 1..N into a test file and their
 * true RUL after the cut goes into a RUL file (line i = unit i). The remaining units form the training file.
 */
public final class SyntheticSplit {

  /** The three files written. */
  public record Files3(Path train, Path test, Path rul) {}

  private SyntheticSplit() {}

  public static Files3 write(Path source, Path outDir, int holdoutUnits, TruncationPolicy truncation, long seed)
      throws IOException {
    List<EngineSeries> engines = CmapssReader.readEngines(source);
    if (holdoutUnits < 1 || holdoutUnits >= engines.size()) {
      throw new IllegalArgumentException("holdoutUnits must be in 1.." + (engines.size() - 1) + ", was "
          + holdoutUnits);
    }
    Random random = new Random(seed);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < engines.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    Map<Integer, EngineSeries> heldOut = new TreeMap<>();
    for (int i : order.subList(0, holdoutUnits)) {
      heldOut.put(engines.get(i).unit(), engines.get(i));
    }
    Files.createDirectories(outDir);
    String name = source.getFileName().toString().replaceFirst("^train_", "").replaceFirst("\\.txt$", "");
    Path train = outDir.resolve("train_" + name + ".txt");
    Path test = outDir.resolve("test_" + name + ".txt");
    Path rul = outDir.resolve("RUL_" + name + ".txt");
    try (BufferedWriter trainOut = Files.newBufferedWriter(train, StandardCharsets.ISO_8859_1);
        BufferedWriter testOut = Files.newBufferedWriter(test, StandardCharsets.ISO_8859_1);
        BufferedWriter rulOut = Files.newBufferedWriter(rul, StandardCharsets.ISO_8859_1)) {
      for (EngineSeries e : engines) {
        if (!heldOut.containsKey(e.unit())) {
          for (CycleRecord r : e.cycles()) {
            writeLine(trainOut, r.unit(), r);
          }
        }
      }
      int testUnit = 0;
      for (EngineSeries e : heldOut.values()) {
        int[] cuts = truncation.sampleCuts(e, 1, random);
        if (cuts.length == 0) {
          throw new IllegalArgumentException("unit " + e.unit() + " (" + e.length()
              + " cycles) is too short to truncate under " + truncation);
        }
        testUnit++;
        int cut = cuts[0];
        for (int t = 0; t <= cut; t++) {
          writeLine(testOut, testUnit, e.cycles().get(t));
        }
        rulOut.write(Integer.toString(e.length() - 1 - cut));
        rulOut.newLine();
      }
    }
    return new Files3(train, test, rul);
  }

  /** Official layout: space-separated, a trailing space. */
  private static void writeLine(BufferedWriter out, int unit, CycleRecord r) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append(unit).append(' ').append(r.cycle());
    for (double s : r.settings()) {
      sb.append(' ').append(format(s));
    }
    for (double s : r.sensors()) {
      sb.append(' ').append(format(s));
    }
    sb.append(' ');
    out.write(sb.toString());
    out.newLine();
  }

  private static String format(double v) {
    // shortest representation that round-trips (Double.toString), without a needless ".0" exponent form
    String s = Double.toString(v);
    return s.contains("E") ? java.math.BigDecimal.valueOf(v).toPlainString() : s;
  }

  /** {@code --source train_FD001.txt --out DIR [--holdout 20] [--seed 7]}; prints the three paths. */
  public static void main(String[] args) throws IOException {
    Map<String, String> a = CmapssEvaluation.parseArgs(args);
    Path source = Path.of(CmapssEvaluation.required(a, "source"));
    Path out = Path.of(CmapssEvaluation.required(a, "out"));
    int holdout = Integer.parseInt(a.getOrDefault("holdout", "20"));
    long seed = Long.parseLong(a.getOrDefault("seed", "7"));
    Files3 f = write(source, out, holdout, TruncationPolicy.fd001Like(), seed);
    System.out.println("--train " + f.train() + " --test " + f.test() + " --rul " + f.rul());
  }
}
