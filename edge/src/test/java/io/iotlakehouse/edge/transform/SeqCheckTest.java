package io.iotlakehouse.edge.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.edge.transform.SeqCheck.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeqCheckTest {
  /** Newest event time accepted from the device in every row. */
  static final long NEWEST = 1000;

  @ParameterizedTest(name = "accepted {0}, floor {1}, seq {2} at {5} -> {3} ({4} missing)")
  @CsvSource(delimiter = '|', value = {
    // accepted      | floor | seq | decision  | missing | event time
    "''              | 0     | 1   | FIRST     | 0       | 900",
    "''              | 0     | 500 | FIRST     | 0       | 900",   // first sight of a device: earlier seqs may have gone elsewhere
    "1..10           | 0     | 11  | NEXT      | 0       | 900",
    "1..10           | 0     | 15  | GAP       | 4       | 900",
    "1..10           | 0     | 10  | DUPLICATE | 0       | 900",
    "1..10           | 0     | 1   | DUPLICATE | 0       | 900",
    "1..10;15..20    | 0     | 12  | LATE      | 0       | 900",   // fills a gap: never accepted, so not a duplicate
    "1..10;15..20    | 0     | 17  | DUPLICATE | 0       | 900",
    "1..10;15..20    | 0     | 21  | NEXT      | 0       | 900",
    "15..20          | 10    | 5   | DUPLICATE | 0       | 900",   // at or below the forgotten floor
    "15..20          | 10    | 12  | LATE      | 0       | 900",
    "''              | 10    | 11  | NEXT      | 0       | 900",
    "''              | 10    | 13  | GAP       | 2       | 900",
    // a device whose counter went back (reboot): seqs it sent before, but newer than anything accepted
    "1..10           | 0     | 1   | REWOUND   | 0       | 2000",
    "15..20          | 10    | 5   | REWOUND   | 0       | 2000",
    "1..10           | 0     | 10  | DUPLICATE | 0       | 1000",  // the newest event itself, re-delivered
    "1..10           | 0     | 3   | DUPLICATE | 0       | 999",
    "1..10;15..20    | 0     | 12  | LATE      | 0       | 2000",  // never accepted: new whatever its time
    "1..10           | 0     | 11  | NEXT      | 0       | 2000",
  })
  void decides(String accepted, long floor, long seq, Kind kind, long missing, long eventTime) {
    SeqRangeSet set = new SeqRangeSet();
    if (!accepted.isBlank()) {
      for (String r : accepted.split(";")) {
        String[] lh = r.split("\\.\\.");
        for (long q = Long.parseLong(lh[0]); q <= Long.parseLong(lh[1]); q++) set.add(q);
      }
    }
    SeqCheck.Decision d = SeqCheck.check(set, floor, seq, eventTime, NEWEST);
    assertThat(d.kind()).isEqualTo(kind);
    assertThat(d.missing()).isEqualTo(missing);
    assertThat(d.accepted()).isEqualTo(kind != Kind.DUPLICATE);
  }

  @Test
  void withoutKnownTimesAnAcceptedSeqIsAlwaysADuplicate() {
    SeqRangeSet set = new SeqRangeSet();
    set.add(1);
    // a buffer written before event times were kept, or an event without one: the old, safe rule
    assertThat(SeqCheck.check(set, 0, 1, 5000, Outbound.NO_TIME).kind()).isEqualTo(Kind.DUPLICATE);
    assertThat(SeqCheck.check(set, 0, 1, Outbound.NO_TIME, 1000).kind()).isEqualTo(Kind.DUPLICATE);
  }
}
