package io.iotlakehouse.registry.server.store;

import io.iotlakehouse.registry.server.store.Entities.Tag;
import java.sql.SQLException;
import java.util.List;

/** Key/value rows (tags, params) of one owner, kept in insertion order. */
final class Tags {
  private Tags() {
  }

  static List<Tag> list(Sql sql, String table, String ownerColumn, Object owner) throws SQLException {
    return sql.list("SELECT tag_key, tag_value FROM " + table + " WHERE " + ownerColumn + " = ? ORDER BY seq",
        rs -> new Tag(rs.getString(1), rs.getString(2)), owner);
  }

  /** Overwrites the value of an existing key in place (keeping its position) or appends a new key. */
  static void upsert(Sql sql, String table, String ownerColumn, Object owner, Tag tag) throws SQLException {
    int updated = sql.update("UPDATE " + table + " SET tag_value = ? WHERE " + ownerColumn + " = ? AND tag_key = ?",
        tag.value(), owner, tag.key());
    if (updated == 0) {
      sql.update("INSERT INTO " + table + " (" + ownerColumn + ", tag_key, tag_value) VALUES (?, ?, ?)", owner,
          tag.key(), tag.value());
    }
  }
}
