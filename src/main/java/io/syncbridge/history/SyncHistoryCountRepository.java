package io.syncbridge.history;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface SyncHistoryCountRepository extends JpaRepository<SyncHistoryCount, SyncHistoryCount.Key> {

  List<SyncHistoryCount> findByEntriesGreaterThan(long entries);

  /** How many entries match; a filter left null matches every value. */
  @Query(
      "select coalesce(sum(c.entries), 0) from SyncHistoryCount c"
          + " where (:status is null or c.status = :status)"
          + " and (:model is null or c.model = :model)")
  long countEntries(String status, String model);
}
