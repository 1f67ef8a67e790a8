package io.iotlakehouse.edge.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.edge.transform.SeqCheck.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeqCheckTest {
  @ParameterizedTest(name = "accepted {0}, floor {1}, seq {2} -> {3} ({4} missing)")
  @CsvSource(delimiter = '|', value = {
    // accepted      | floor | seq | decision  | missing
    "''              | 0     | 1   | FIRST     | 0",
    "''              | 0     | 500 | FIRST     | 0",   // first sight of a device: earlier seqs may have gone elsewhere
    "1..10           | 0     | 11  | NEXT      | 0",
    "1..10           | 0     | 15  | GAP       | 4",
    "1..10           | 0     | 10  | DUPLICATE | 0",
    "1..10           | 0     | 1   | DUPLICATE | 0",
    "1..10;15..20    | 0     | 12  | LATE      | 0",   // fills a gap: never accepted, so not a duplicate
    "1..10;15..20    | 0     | 17  | DUPLICATE | 0",
    "1..10;15..20    | 0     | 21  | NEXT      | 0",
    "15..20          | 10    | 5   | DUPLICATE | 0",   // at or below the forgotten floor
    "15..20          | 10    | 12  | LATE      | 0",
    "''              | 10    | 11  | NEXT      | 0",
    "''              | 10    | 13  | GAP       | 2",
  })
  void decides(String accepted, long floor, long seq, Kind kind, long missing) {
    SeqRangeSet set = new SeqRangeSet();
    if (!accepted.isBlank()) {
      for (String r : accepted.split(";")) {
        String[] lh = r.split("\\.\\.");
        for (long q = Long.parseLong(lh[0]); q <= Long.parseLong(lh[1]); q++) set.add(q);
      }
    }
    SeqCheck.Decision d = SeqCheck.check(set, floor, seq);
    assertThat(d.kind()).isEqualTo(kind);
    assertThat(d.missing()).isEqualTo(missing);
    assertThat(d.accepted()).isEqualTo(kind != Kind.DUPLICATE);
  }
}
