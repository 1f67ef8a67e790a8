package io.iotlakehouse.registry.server.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded H2 file database under the server's data directory. One connection, one writer at a time: every
 * unit of work runs in a transaction under a lock, which keeps version numbering and uniqueness checks simple
 * and is plenty for a local server.
 */
public final class Database implements AutoCloseable {
  /** One unit of work. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Sql sql) throws SQLException;
  }

  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();

  private Database(Connection connection) {
    this.connection = connection;
  }

  /** Opens (creating if needed) {@code <dir>/mlflow.mv.db} and brings the schema up to date. */
  public static Database open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot create the database directory " + dir + ": " + e.getMessage()
          + ". Choose a writable data directory.", e);
    }
    String url = "jdbc:h2:file:" + dir.resolve("mlflow").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    try {
      Connection connection = DriverManager.getConnection(url, "sa", "");
      connection.setAutoCommit(false);
      Database database = new Database(connection);
      database.inTransaction(sql -> {
        Schema.apply(sql);
        return null;
      });
      return database;
    } catch (SQLException e) {
      if (e.getErrorCode() == 90020) {
        throw new IllegalStateException("The registry database in " + dir + " is locked by another process ("
            + e.getMessage() + "). Stop the other MLflow-compatible server using this data directory, or start "
            + "this one with a different data directory.", e);
      }
      throw new IllegalStateException("Cannot open the registry database in " + dir + ": " + e.getMessage()
          + ". Check that the directory is writable and holds an H2 2.x database (or nothing).", e);
    }
  }

  public <T> T inTransaction(Work<T> work) {
    lock.lock();
    try {
      try {
        T result = work.run(new Sql(connection));
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        if (e instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("Database error: " + e.getMessage(), e);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Database rollback failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException ignored) {
      // already closed
    } finally {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // nothing left to do
      }
      lock.unlock();
    }
  }
}
