package io.iotlakehouse.edge.io;

import io.iotlakehouse.edge.EdgeErrors;
import io.iotlakehouse.edge.transform.FairOrder;
import io.iotlakehouse.edge.transform.FullPolicy;
import io.iotlakehouse.edge.transform.Outbound;
import io.iotlakehouse.edge.transform.Room;
import io.iotlakehouse.edge.transform.SeqCheck;
import io.iotlakehouse.edge.transform.SeqRange;
import io.iotlakehouse.edge.transform.SeqRangeSet;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventBuffer} on SQLite (sqlite-jdbc) in WAL mode, one file {@code <dir>/buffer.db}.
 *
 * <p><b>Group commit.</b> One writer thread takes whatever appends queued up while the previous commit was syncing
 * (up to {@code maxBatch}, waiting at most {@code maxWait} for more), writes them in one transaction together with
 * the per-device accepted seq ranges and any releases, commits, and only then completes the futures (so the device is
 * acknowledged). With {@code synchronous=FULL} every commit is fsynced (WAL): acknowledged data survives a power
 * loss; with {@code NORMAL} it survives a crash of the process (kill -9) but a power loss may lose the last commits.
 *
 * <p><b>Tables.</b> {@code events} (the queue, id = arrival order), {@code accepted} (per device the seq ranges the
 * gateway acknowledged, compact: one row per contiguous run), {@code dropped} (per device the seq ranges dropped by
 * the full policy, with the reason). The two range tables are what {@code lakehouse audit gateway} reads.
 *
 * <p><b>Budget.</b> Each entry costs {@link Outbound#cost()} bytes (payload, headers, ids, a fixed overhead); the sum
 * of buffered entries never exceeds the budget. Freed pages are reused by SQLite (and given back to the file system
 * by incremental vacuum when the buffer empties), so the file stays near the budget; {@link Stats#fileBytes()} shows
 * the real size.
 */
public final class SqliteEventBuffer implements EventBuffer {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteEventBuffer.class);
  /** Ranges kept in memory per device for seq validation; lower ones are forgotten (the file keeps them all). */
  public static final int MAX_RANGES_PER_DEVICE = 1024;
  public static final String FILE = "buffer.db";
  /** Layout of the file ({@code PRAGMA user_version}); a gateway refuses a file of another layout. */
  static final int LAYOUT_VERSION = 1;

  /** Settings of a buffer. */
  public record Settings(Path dir, long budgetBytes, int maxBatch, Duration maxWait, boolean fsync) {}

  private static final class Pending {
    final Outbound entry;
    final FullPolicy policy;
    final CompletableFuture<Outcome> done = new CompletableFuture<>();
    Outcome outcome;

    Pending(Outbound entry, FullPolicy policy) {
      this.entry = entry;
      this.policy = policy;
    }
  }

  private static final class DeviceSeqs {
    final SeqRangeSet accepted;
    long floor;
    /** Newest event time accepted from the device (Outbound.NO_TIME: not known yet). */
    long newest = Outbound.NO_TIME;
    /** In a run of REWOUND seqs (logged once per run). */
    boolean rewinding;

    DeviceSeqs(SeqRangeSet accepted) {
      this.accepted = accepted;
    }
  }

  private final Settings settings;
  private final BufferEvents events;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Connection writer;
  private final Connection reader;
  private final Connection statsReader;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writerThread;
  /** Guards the claim cursor; held by the writer from its first eviction until the commit, so the forwarder cannot claim what is being dropped. */
  private final ReentrantLock claimLock = new ReentrantLock();
  private final Object appendSignal = new Object();

  // writer thread only
  private final ArrayDeque<Pending> backlog = new ArrayDeque<>();
  private final Map<String, DeviceSeqs> devices = new HashMap<>();
  private final Map<String, Map<Long, Long>> acceptedChanges = new HashMap<>();
  private final Map<String, Long> newestChanges = new HashMap<>();
  private final Map<String, SeqRangeSet> droppedNow = new TreeMap<>();
  private final Map<String, String> droppedReason = new HashMap<>();
  private long droppedDeadLetters;
  private long nextId;
  private long count;
  private long bytes;
  private long lastVacuum;

  // shared
  private final AtomicLong evictable = new AtomicLong(); // cost of droppable entries not claimed
  private long claimedUpTo; // guarded by claimLock
  private long[] lastRelease; // writer thread: the release applied in the open transaction
  private volatile long releasedUpTo;
  private long releaseUpTo; // guarded by this
  private long releaseCount; // guarded by this
  private long releaseBytes; // guarded by this
  private volatile long visibleCount;
  private volatile long visibleBytes;
  private volatile boolean blocked;
  private volatile int waiting;
  private volatile boolean closing;

  private PreparedStatement insert;
  private PreparedStatement upsertAccepted;
  private PreparedStatement deleteAccepted;
  private PreparedStatement upsertNewest;
  private PreparedStatement insertDropped;
  private PreparedStatement selectEvictable;
  private PreparedStatement deleteById;
  private PreparedStatement deleteUpTo;
  private PreparedStatement claimSelect;

  public SqliteEventBuffer(Settings settings, BufferEvents events) {
    this.settings = settings;
    this.events = events;
    try {
      Files.createDirectories(settings.dir());
      this.lockChannel = FileChannel.open(settings.dir().resolve("gateway.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        lockChannel.close();
        throw EdgeErrors.bufferInUse(settings.dir());
      }
      this.lock = l;
    } catch (IOException e) {
      throw EdgeErrors.bufferUnusable(settings.dir(), e);
    }
    try {
      String url = "jdbc:sqlite:" + settings.dir().resolve(FILE).toAbsolutePath();
      writer = DriverManager.getConnection(url);
      try (Statement s = writer.createStatement()) {
        s.execute("PRAGMA auto_vacuum=INCREMENTAL"); // effective only when the file is created
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=" + (settings.fsync() ? "FULL" : "NORMAL"));
        s.execute("PRAGMA journal_size_limit=67108864");
        s.execute("PRAGMA cache_size=-16384");
        s.execute("CREATE TABLE IF NOT EXISTS events(id INTEGER PRIMARY KEY, target INTEGER NOT NULL, device_id TEXT, "
            + "seq INTEGER NOT NULL, mqtt_topic TEXT NOT NULL, received_at INTEGER NOT NULL, droppable INTEGER NOT NULL, "
            + "cost INTEGER NOT NULL, meta TEXT NOT NULL, value BLOB NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS events_droppable ON events(id) WHERE droppable = 1");
        try (ResultSet v = s.executeQuery("PRAGMA user_version")) {
          int version = v.next() ? v.getInt(1) : 0;
          if (version != 0 && version != LAYOUT_VERSION) {
            throw new SQLException("buffer.db has layout version " + version + ", this gateway writes " + LAYOUT_VERSION);
          }
        }
        s.execute("PRAGMA user_version=" + LAYOUT_VERSION);
        s.execute("CREATE TABLE IF NOT EXISTS accepted(device_id TEXT NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL, "
            + "PRIMARY KEY(device_id, lo)) WITHOUT ROWID");
        s.execute("CREATE TABLE IF NOT EXISTS dropped(device_id TEXT NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL, "
            + "reason TEXT NOT NULL, dropped_at INTEGER NOT NULL, PRIMARY KEY(device_id, lo)) WITHOUT ROWID");
        // newest accepted event time per device, for telling a rewound counter from a re-delivery (SeqCheck); a file
        // of an older gateway simply gains the table, its devices' times are learnt from their next events
        s.execute("CREATE TABLE IF NOT EXISTS newest(device_id TEXT PRIMARY KEY, event_time INTEGER NOT NULL) WITHOUT ROWID");
      }
      writer.setAutoCommit(false);
      insert = writer.prepareStatement("INSERT INTO events(id, target, device_id, seq, mqtt_topic, received_at, droppable, "
          + "cost, meta, value) VALUES (?,?,?,?,?,?,?,?,?,?)");
      upsertAccepted = writer.prepareStatement("INSERT OR REPLACE INTO accepted(device_id, lo, hi) VALUES (?,?,?)");
      deleteAccepted = writer.prepareStatement("DELETE FROM accepted WHERE device_id = ? AND lo = ?");
      upsertNewest = writer.prepareStatement("INSERT OR REPLACE INTO newest(device_id, event_time) VALUES (?,?)");
      insertDropped = writer.prepareStatement("INSERT OR REPLACE INTO dropped(device_id, lo, hi, reason, dropped_at) VALUES (?,?,?,?,?)");
      selectEvictable = writer.prepareStatement(
          "SELECT id, target, device_id, seq, cost FROM events WHERE droppable = 1 AND id > ? ORDER BY id LIMIT 512");
      deleteById = writer.prepareStatement("DELETE FROM events WHERE id = ?");
      deleteUpTo = writer.prepareStatement("DELETE FROM events WHERE id <= ?");
      reader = DriverManager.getConnection(url);
      claimSelect = reader.prepareStatement("SELECT id, target, device_id, seq, mqtt_topic, received_at, droppable, cost, "
          + "meta, value FROM events WHERE id > ? ORDER BY id LIMIT ?");
      statsReader = DriverManager.getConnection(url);
      loadState();
    } catch (SQLException e) {
      closeQuietly();
      throw EdgeErrors.bufferUnusable(settings.dir(), e);
    }
    writerThread = new Thread(this::writeLoop, "buffer-writer");
    writerThread.setDaemon(true);
    writerThread.start();
    LOG.info("buffer {} opened: {} entries ({} bytes of a {} byte budget) waiting for Kafka, {} devices known, fsync {}",
        settings.dir(), count, bytes, settings.budgetBytes(), devices.size(), settings.fsync() ? "on every commit" : "off");
  }

  private void loadState() throws SQLException {
    devices.clear();
    try (Statement s = writer.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(cost), 0), coalesce(max(id), 0) FROM events")) {
        r.next();
        count = r.getLong(1);
        bytes = r.getLong(2);
        nextId = Math.max(nextId, r.getLong(3) + 1);
      }
      try (ResultSet r = s.executeQuery("SELECT device_id, lo, hi FROM accepted ORDER BY device_id, lo")) {
        String current = null;
        List<SeqRange> ranges = new ArrayList<>();
        while (r.next()) {
          String d = r.getString(1);
          if (!d.equals(current)) {
            if (current != null) putDevice(current, ranges);
            current = d;
            ranges = new ArrayList<>();
          }
          ranges.add(new SeqRange(r.getLong(2), r.getLong(3)));
        }
        if (current != null) putDevice(current, ranges);
      }
      try (ResultSet r = s.executeQuery("SELECT device_id, event_time FROM newest")) {
        while (r.next()) {
          DeviceSeqs d = devices.get(r.getString(1));
          if (d != null) d.newest = r.getLong(2);
        }
      }
    }
    claimLock.lock();
    try (PreparedStatement p = writer.prepareStatement("SELECT coalesce(sum(cost), 0) FROM events WHERE droppable = 1 AND id > ?")) {
      p.setLong(1, claimedUpTo);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        evictable.set(r.getLong(1));
      }
    } finally {
      claimLock.unlock();
    }
    writer.commit();
    publishCounts();
  }

  private void putDevice(String device, List<SeqRange> ranges) {
    DeviceSeqs d = new DeviceSeqs(SeqRangeSet.of(ranges));
    while (d.accepted.size() > MAX_RANGES_PER_DEVICE) d.floor = Math.max(d.floor, d.accepted.removeLowest().hi());
    devices.put(device, d);
  }

  @Override
  public CompletableFuture<Outcome> append(Outbound entry, FullPolicy policy) {
    Pending p = new Pending(entry, policy);
    if (closing) {
      p.done.completeExceptionally(new CancellationException("buffer closing"));
      return p.done;
    }
    queue.add(p);
    return p.done;
  }

  // ---------------------------------------------------------------- writer thread

  private void writeLoop() {
    long backoff = 0;
    while (true) {
      try {
        if (!gather()) break;
        processBatch();
        backoff = 0;
      } catch (InterruptedException e) {
        break;
      } catch (SQLException | RuntimeException e) {
        backoff = Math.min(30_000, Math.max(500, backoff * 2));
        LOG.error("buffer write failed ({}); nothing was acknowledged for it; retrying in {} ms. If the disk is full, "
            + "free space or lower edge.buffer.max-bytes", e.toString(), backoff);
        recover();
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          break;
        }
      }
    }
    // closing: whatever could not be written stays unacknowledged; the MQTT broker redelivers it
    CancellationException cancelled = new CancellationException("buffer closed");
    backlog.forEach(p -> p.done.completeExceptionally(cancelled));
    queue.forEach(p -> p.done.completeExceptionally(cancelled));
  }

  /** Fills the backlog with what is queued, waiting for the group; false when closing and nothing is left to do. */
  private boolean gather() throws InterruptedException {
    int max = settings.maxBatch();
    if (backlog.isEmpty()) {
      Pending first = queue.poll(blocked ? 20 : 50, TimeUnit.MILLISECONDS);
      if (first == null) return !(closing && queue.isEmpty());
      backlog.add(first);
      long deadline = System.nanoTime() + settings.maxWait().toNanos();
      while (backlog.size() < max) {
        int before = backlog.size();
        queue.drainTo(backlog, max - backlog.size());
        if (backlog.size() >= max) break;
        long left = deadline - System.nanoTime();
        if (left <= 0) break;
        if (backlog.size() == before) {
          Pending p = queue.poll(left, TimeUnit.NANOSECONDS);
          if (p == null) break;
          backlog.add(p);
        }
      }
    } else {
      if (blocked && closing) return false;
      if (blocked) {
        synchronized (this) {
          if (releaseCount == 0) wait(20);
        }
      }
      queue.drainTo(backlog, Math.max(0, max - backlog.size()));
    }
    return true;
  }

  private void processBatch() throws SQLException {
    long t0 = System.nanoTime();
    boolean evicting = false;
    List<Pending> done = new ArrayList<>();
    int stored = 0;
    try {
      applyRelease();
      if (blocked && backlog.size() > 1) { // waiting for room: devices take turns for it
        List<Pending> fair = FairOrder.interleave(new ArrayList<>(backlog), p -> p.entry.deviceId());
        backlog.clear();
        backlog.addAll(fair);
      }
      boolean nowBlocked = false;
      int max = settings.maxBatch();
      while (!backlog.isEmpty() && done.size() < max) {
        Pending p = backlog.peek();
        Outbound e = p.entry;
        DeviceSeqs dev = null;
        SeqCheck.Decision seq = null;
        if (e.target() == Outbound.Target.TELEMETRY) {
          dev = devices.computeIfAbsent(e.deviceId(), k -> new DeviceSeqs(new SeqRangeSet()));
          seq = SeqCheck.check(dev.accepted, dev.floor, e.seq(), e.eventTimeMillis(), dev.newest);
          if (!seq.accepted()) {
            events.seq(seq);
            p.outcome = Outcome.DUPLICATE;
            done.add(backlog.poll());
            continue;
          }
        }
        long cost = e.cost();
        Room.Decision room = Room.decide(settings.budgetBytes(), bytes, evictable.get(), cost, p.policy);
        if (room.kind() == Room.Kind.BLOCK) {
          nowBlocked = true;
          break;
        }
        if (room.kind() == Room.Kind.EVICT) {
          if (!evicting) {
            evicting = true;
            claimLock.lock();
          }
          flushInserts(); // eviction selects what is in the table
          evict(room.evictBytes());
          if (bytes + cost > settings.budgetBytes()) { // accounting drift: never exceed the budget
            if (p.policy == FullPolicy.BLOCK) {
              nowBlocked = true;
              break;
            }
            room = new Room.Decision(Room.Kind.DROP_INCOMING, 0);
          }
        }
        if (seq != null) {
          events.seq(seq);
          accept(e, dev, seq.kind());
        }
        if (room.kind() == Room.Kind.DROP_INCOMING) {
          recordDrop(e.deviceId(), e.target() == Outbound.Target.TELEMETRY ? e.seq() : Outbound.NO_SEQ, BufferEvents.INCOMING_NO_ROOM);
          p.outcome = Outcome.DROPPED;
        } else {
          insert(e, p.policy == FullPolicy.DROP_OLDEST, cost);
          p.outcome = Outcome.STORED;
          stored++;
        }
        done.add(backlog.poll());
      }
      if (nowBlocked != blocked) {
        if (nowBlocked) {
          LOG.warn("buffer full ({} of {} bytes) with nothing that may be dropped: not acknowledging devices until Kafka "
              + "takes entries (policy block; the MQTT broker queues for this gateway meanwhile)", bytes, settings.budgetBytes());
        } else {
          LOG.info("buffer has room again: acknowledging devices");
        }
      }
      blocked = nowBlocked;
      waiting = nowBlocked ? backlog.size() + queue.size() : 0;
      if (done.isEmpty() && !releasedPending && droppedNow.isEmpty() && droppedDeadLetters == 0) {
        writer.rollback();
        return;
      }
      flushInserts();
      flushAcceptedChanges();
      flushDrops();
      writer.commit();
    } catch (SQLException | RuntimeException e) {
      pendingInserts = 0;
      try {
        insert.clearBatch();
      } catch (SQLException ignored) {
        // the rollback in recover() discards the rest
      }
      if (lastRelease != null) release(lastRelease[0], lastRelease[1], lastRelease[2]); // not applied after all
      lastRelease = null;
      ArrayDeque<Pending> restore = new ArrayDeque<>(done); // back in front, in order
      restore.addAll(backlog);
      backlog.clear();
      backlog.addAll(restore);
      throw e;
    } finally {
      if (evicting) claimLock.unlock();
    }
    lastRelease = null;
    releasedPending = false;
    publishCounts();
    logDrops();
    events.committed(stored, System.nanoTime() - t0);
    for (Pending p : done) p.done.complete(p.outcome);
    if (stored > 0) {
      synchronized (appendSignal) {
        appendSignal.notifyAll();
      }
    }
    maybeVacuum();
  }

  private boolean releasedPending;

  private void applyRelease() throws SQLException {
    long upTo;
    long n;
    long b;
    synchronized (this) {
      upTo = releaseUpTo;
      n = releaseCount;
      b = releaseBytes;
      releaseCount = 0;
      releaseBytes = 0;
    }
    if (n == 0) return;
    lastRelease = new long[] {upTo, n, b};
    deleteUpTo.setLong(1, upTo);
    deleteUpTo.executeUpdate();
    count -= n;
    bytes -= b;
    releasedPending = true;
    pendingReleased = upTo;
  }

  private long pendingReleased;

  private void insert(Outbound e, boolean droppable, long cost) throws SQLException {
    long id = nextId++;
    insert.setLong(1, id);
    insert.setInt(2, e.target().ordinal());
    insert.setString(3, e.deviceId());
    insert.setLong(4, e.seq());
    insert.setString(5, e.mqttTopic());
    insert.setLong(6, e.receivedAtMillis());
    insert.setInt(7, droppable ? 1 : 0);
    insert.setLong(8, cost);
    insert.setString(9, e.meta());
    insert.setBytes(10, e.value());
    insert.addBatch();
    pendingInserts++;
    count++;
    bytes += cost;
    if (droppable) evictable.addAndGet(cost);
  }

  private int pendingInserts;

  private void flushInserts() throws SQLException {
    if (pendingInserts == 0) return;
    insert.executeBatch();
    pendingInserts = 0;
  }

  private void accept(Outbound e, DeviceSeqs dev, SeqCheck.Kind kind) {
    if (e.eventTimeMillis() != Outbound.NO_TIME && (dev.newest == Outbound.NO_TIME || e.eventTimeMillis() > dev.newest)) {
      dev.newest = e.eventTimeMillis();
      newestChanges.put(e.deviceId(), dev.newest);
    }
    if (kind == SeqCheck.Kind.REWOUND) { // already in the accepted set
      if (!dev.rewinding) {
        long highest = dev.accepted.isEmpty() ? dev.floor : dev.accepted.max();
        LOG.warn("device {} sent seq {} again with a newer event time (highest accepted {}): its counter went back "
            + "(reboot?). Accepted as new data; downstream dedupe on (device_id, seq) sees these seqs twice until the "
            + "device passes {}", e.deviceId(), e.seq(), highest, highest);
      }
      dev.rewinding = true;
      return;
    }
    dev.rewinding = false;
    addAccepted(e.deviceId(), dev, e.seq());
  }

  private void addAccepted(String device, DeviceSeqs dev, long seq) {
    SeqRangeSet.Change c = dev.accepted.add(seq);
    Map<Long, Long> changes = acceptedChanges.computeIfAbsent(device, k -> new HashMap<>());
    if (c.removedLo() != SeqRangeSet.Change.NONE) changes.put(c.removedLo(), null);
    changes.put(c.upserted().lo(), c.upserted().hi());
    while (dev.accepted.size() > MAX_RANGES_PER_DEVICE) dev.floor = Math.max(dev.floor, dev.accepted.removeLowest().hi());
  }

  private void flushAcceptedChanges() throws SQLException {
    if (!newestChanges.isEmpty()) {
      for (Map.Entry<String, Long> n : newestChanges.entrySet()) {
        upsertNewest.setString(1, n.getKey());
        upsertNewest.setLong(2, n.getValue());
        upsertNewest.addBatch();
      }
      upsertNewest.executeBatch();
      newestChanges.clear();
    }
    if (acceptedChanges.isEmpty()) return;
    boolean deletes = false;
    boolean upserts = false;
    for (Map.Entry<String, Map<Long, Long>> d : acceptedChanges.entrySet()) {
      for (Map.Entry<Long, Long> c : d.getValue().entrySet()) {
        if (c.getValue() == null) {
          deleteAccepted.setString(1, d.getKey());
          deleteAccepted.setLong(2, c.getKey());
          deleteAccepted.addBatch();
          deletes = true;
        } else {
          upsertAccepted.setString(1, d.getKey());
          upsertAccepted.setLong(2, c.getKey());
          upsertAccepted.setLong(3, c.getValue());
          upsertAccepted.addBatch();
          upserts = true;
        }
      }
    }
    if (deletes) deleteAccepted.executeBatch();
    if (upserts) upsertAccepted.executeBatch();
    acceptedChanges.clear();
  }

  /** Drops the oldest droppable unclaimed entries until {@code need} bytes are free (claims are locked). */
  private void evict(long need) throws SQLException {
    long freed = 0;
    long after = claimedUpTo; // the writer holds claimLock
    while (freed < need) {
      selectEvictable.setLong(1, after);
      int n = 0;
      try (ResultSet r = selectEvictable.executeQuery()) {
        while (r.next() && freed < need) {
          long id = r.getLong(1);
          int target = r.getInt(2);
          String device = r.getString(3);
          long seq = r.getLong(4);
          long cost = r.getLong(5);
          deleteById.setLong(1, id);
          deleteById.addBatch();
          after = id;
          freed += cost;
          count--;
          bytes -= cost;
          evictable.addAndGet(-cost);
          recordDrop(device, target == Outbound.Target.TELEMETRY.ordinal() ? seq : Outbound.NO_SEQ, BufferEvents.EVICTED_OLDEST);
          n++;
        }
      }
      deleteById.executeBatch();
      if (n == 0) break;
    }
  }

  private void recordDrop(String device, long seq, String reason) {
    events.dropped(reason, 1);
    if (seq == Outbound.NO_SEQ || device == null) {
      droppedDeadLetters++;
      return;
    }
    SeqRangeSet s = droppedNow.computeIfAbsent(device, k -> new SeqRangeSet());
    if (!s.contains(seq)) s.add(seq);
    droppedReason.merge(device, reason, (a, b) -> a.equals(b) ? a : a + "+" + b);
  }

  private void flushDrops() throws SQLException {
    if (droppedNow.isEmpty()) return;
    long now = System.currentTimeMillis();
    for (Map.Entry<String, SeqRangeSet> d : droppedNow.entrySet()) {
      for (SeqRange r : d.getValue().ranges()) {
        insertDropped.setString(1, d.getKey());
        insertDropped.setLong(2, r.lo());
        insertDropped.setLong(3, r.hi());
        insertDropped.setString(4, droppedReason.get(d.getKey()));
        insertDropped.setLong(5, now);
        insertDropped.addBatch();
      }
    }
    insertDropped.executeBatch();
  }

  private void logDrops() {
    if (droppedNow.isEmpty() && droppedDeadLetters == 0) return;
    long n = droppedDeadLetters;
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (Map.Entry<String, SeqRangeSet> d : droppedNow.entrySet()) {
      n += d.getValue().count();
      if (shown++ < 20) {
        sb.append(shown == 1 ? "" : ", ").append(d.getKey()).append(" seq ").append(d.getValue())
            .append(" (").append(droppedReason.get(d.getKey())).append(')');
      }
    }
    if (droppedNow.size() > 20) sb.append(", and ").append(droppedNow.size() - 20).append(" more devices");
    if (droppedDeadLetters > 0) sb.append(shown > 0 ? ", " : "").append(droppedDeadLetters).append(" dead letters");
    LOG.warn("buffer full ({} byte budget): dropped {} entries by policy drop-oldest: {}", settings.budgetBytes(), n, sb);
    droppedNow.clear();
    droppedReason.clear();
    droppedDeadLetters = 0;
  }

  private void recover() {
    try {
      writer.rollback();
    } catch (SQLException e) {
      LOG.warn("rollback failed: {}", e.toString());
    }
    acceptedChanges.clear();
    newestChanges.clear();
    droppedNow.clear();
    droppedReason.clear();
    droppedDeadLetters = 0;
    try {
      loadState();
    } catch (SQLException e) {
      LOG.error("cannot reload buffer state: {}", e.toString());
    }
  }

  private void maybeVacuum() {
    long now = System.currentTimeMillis();
    if (count != 0 || now - lastVacuum < 10_000) return;
    lastVacuum = now;
    try (Statement s = writer.createStatement()) {
      s.execute("PRAGMA incremental_vacuum");
      writer.commit();
    } catch (SQLException e) {
      LOG.debug("incremental vacuum failed: {}", e.toString());
    }
  }

  private void publishCounts() {
    visibleCount = count;
    visibleBytes = bytes;
    if (pendingReleased > releasedUpTo) releasedUpTo = pendingReleased;
  }

  // ---------------------------------------------------------------- forwarder side

  @Override
  public List<Stored> claim(int max, Duration wait) throws InterruptedException {
    List<Stored> out = claimNow(max);
    if (!out.isEmpty() || wait.isZero()) return out;
    synchronized (appendSignal) {
      appendSignal.wait(Math.max(1, wait.toMillis()));
    }
    return claimNow(max);
  }

  private List<Stored> claimNow(int max) {
    claimLock.lock();
    try {
      {
        List<Stored> out = new ArrayList<>();
        long droppableCost = 0;
        try {
          claimSelect.setLong(1, claimedUpTo);
          claimSelect.setInt(2, max);
          try (ResultSet r = claimSelect.executeQuery()) {
            while (r.next()) {
              Outbound.Target target = Outbound.Target.values()[r.getInt(2)];
              Outbound e = new Outbound(target, r.getString(3), r.getLong(4), r.getString(5), r.getLong(6),
                  r.getBytes(10), r.getString(9));
              boolean droppable = r.getInt(7) == 1;
              long cost = r.getLong(8);
              out.add(new Stored(r.getLong(1), e, droppable, cost));
              if (droppable) droppableCost += cost;
            }
          }
        } catch (SQLException e) {
          throw EdgeErrors.bufferUnusable(settings.dir(), e);
        }
        if (!out.isEmpty()) {
          claimedUpTo = out.get(out.size() - 1).id();
          evictable.addAndGet(-droppableCost);
        }
        return out;
      }
    } finally {
      claimLock.unlock();
    }
  }

  @Override
  public synchronized void release(long upToId, long n, long b) {
    if (upToId > releaseUpTo) releaseUpTo = upToId;
    releaseCount += n;
    releaseBytes += b;
    notifyAll();
  }

  @Override
  public void rewind(long upToId, long droppableBytes) {
    claimLock.lock();
    try {
      claimedUpTo = upToId;
      evictable.addAndGet(droppableBytes);
    } finally {
      claimLock.unlock();
    }
  }

  @Override
  public Stats stats() {
    long oldest = -1;
    synchronized (statsReader) {
      try (PreparedStatement p = statsReader.prepareStatement("SELECT received_at FROM events WHERE id > ? ORDER BY id LIMIT 1")) {
        long released;
        synchronized (this) {
          released = Math.max(releasedUpTo, releaseUpTo);
        }
        p.setLong(1, released);
        try (ResultSet r = p.executeQuery()) {
          if (r.next()) oldest = r.getLong(1);
        }
      } catch (SQLException e) {
        LOG.debug("stats query failed: {}", e.toString());
      }
    }
    long file = 0;
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      try {
        file += Files.size(settings.dir().resolve(FILE + suffix));
      } catch (IOException e) {
        // not there
      }
    }
    long pendingCount;
    long pendingBytes;
    synchronized (this) {
      pendingCount = releaseCount;
      pendingBytes = releaseBytes;
    }
    return new Stats(visibleCount - pendingCount, visibleBytes - pendingBytes, settings.budgetBytes(), oldest, blocked,
        blocked ? waiting : 0, file);
  }

  public Path dir() {
    return settings.dir();
  }

  /** Commits what is queued, stops the writer, closes the file. Entries still blocked stay unacknowledged. */
  @Override
  public void close() {
    closing = true;
    try {
      writerThread.join(30_000);
      if (writerThread.isAlive()) {
        writerThread.interrupt();
        writerThread.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // a release that arrived after the last commit
    try {
      processReleaseOnly();
    } catch (SQLException e) {
      LOG.warn("final release not written ({}); those entries are forwarded again after a restart", e.toString());
    }
    closeQuietly();
    LOG.info("buffer {} closed: {} entries waiting for Kafka", settings.dir(), count);
  }

  /**
   * Test hook: dies like a killed process would, as far as SQLite is concerned: the writer stops without committing
   * what it has not committed, connections are dropped, the folder lock is released. Nothing is flushed.
   */
  void abandon() {
    closing = true;
    writerThread.interrupt();
    try {
      writerThread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly();
  }

  private void processReleaseOnly() throws SQLException {
    if (writerThread.isAlive()) return;
    applyRelease();
    if (releasedPending) writer.commit();
    releasedPending = false;
  }

  private void closeQuietly() {
    for (Connection c : new Connection[] {statsReader, reader, writer}) {
      if (c == null) continue;
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("close: {}", e.toString());
      }
    }
    try {
      if (lock != null) lock.release();
      if (lockChannel != null) lockChannel.close();
    } catch (IOException e) {
      LOG.debug("unlock: {}", e.toString());
    }
  }

  // ---------------------------------------------------------------- audit

  /**
   * What a gateway's buffer file says, per device: the seqs it accepted, dropped by policy, and still holds for Kafka
   * (telemetry only; dead letters have no trusted seq). Read-only, safe while the gateway runs.
   */
  public record State(Map<String, SeqRangeSet> accepted, Map<String, SeqRangeSet> dropped, Map<String, SeqRangeSet> buffered,
      long bufferedEntries) {}

  public static State readState(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) throw EdgeErrors.noBufferState(dir);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath() + "?open_mode=1")) {
      c.setAutoCommit(false); // one read transaction: a consistent snapshot of all three
      Map<String, SeqRangeSet> accepted = ranges(c, "SELECT device_id, lo, hi FROM accepted ORDER BY device_id, lo");
      Map<String, SeqRangeSet> dropped = ranges(c, "SELECT device_id, lo, hi FROM dropped ORDER BY device_id, lo");
      Map<String, SeqRangeSet> buffered = ranges(c, "SELECT device_id, seq, seq FROM events WHERE target = "
          + Outbound.Target.TELEMETRY.ordinal() + " ORDER BY device_id, seq");
      long entries;
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM events")) {
        r.next();
        entries = r.getLong(1);
      }
      c.rollback();
      return new State(accepted, dropped, buffered, entries);
    } catch (SQLException e) {
      throw EdgeErrors.bufferUnusable(dir, e);
    }
  }

  private static Map<String, SeqRangeSet> ranges(Connection c, String sql) throws SQLException {
    Map<String, List<SeqRange>> byDevice = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) byDevice.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(new SeqRange(r.getLong(2), r.getLong(3)));
    }
    Map<String, SeqRangeSet> out = new TreeMap<>();
    byDevice.forEach((d, rs) -> out.put(d, SeqRangeSet.of(rs)));
    return out;
  }
}
