package io.iotlakehouse.streaming.transform.silver;

import java.io.Serializable;

/**
 * What silver remembers per device between micro-batches (a Java bean, stored by Spark's state store; changing its
 * fields makes existing silver checkpoints unreadable, so evolve it only with a new checkpoint).
 *
 * <ul>
 *   <li>The seqs already judged, as sorted disjoint ranges {@code [seqLo[i], seqHi[i]]} with the latest event time in
 *       each range ({@code seqMaxTime[i]}). seq grows by one per event, so a device that loses nothing keeps one
 *       range forever, whatever its event count; see {@link SeqRanges}.</li>
 *   <li>The truck's last accepted GPS fix, for the {@code gps_jump} rule.</li>
 * </ul>
 */
public class DeviceState implements Serializable {
  private long[] seqLo = new long[0];
  private long[] seqHi = new long[0];
  private long[] seqMaxTime = new long[0];
  private boolean hasFix;
  private double fixLat;
  private double fixLon;
  private long fixTime;

  public long[] getSeqLo() {
    return seqLo;
  }

  public void setSeqLo(long[] seqLo) {
    this.seqLo = seqLo;
  }

  public long[] getSeqHi() {
    return seqHi;
  }

  public void setSeqHi(long[] seqHi) {
    this.seqHi = seqHi;
  }

  public long[] getSeqMaxTime() {
    return seqMaxTime;
  }

  public void setSeqMaxTime(long[] seqMaxTime) {
    this.seqMaxTime = seqMaxTime;
  }

  public boolean isHasFix() {
    return hasFix;
  }

  public void setHasFix(boolean hasFix) {
    this.hasFix = hasFix;
  }

  public double getFixLat() {
    return fixLat;
  }

  public void setFixLat(double fixLat) {
    this.fixLat = fixLat;
  }

  public double getFixLon() {
    return fixLon;
  }

  public void setFixLon(double fixLon) {
    this.fixLon = fixLon;
  }

  public long getFixTime() {
    return fixTime;
  }

  public void setFixTime(long fixTime) {
    this.fixTime = fixTime;
  }
}
