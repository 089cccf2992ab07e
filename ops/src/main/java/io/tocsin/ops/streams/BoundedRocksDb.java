package io.tocsin.ops.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * One bounded budget of native memory for every RocksDB store of the process, as Kafka Streams'
 * memory-management guide recommends: one LRU block cache shared by all store instances, the
 * memtables charged to it through one {@link WriteBufferManager}, index and filter blocks cached
 * in it too, and small write buffers.
 *
 * <p>Why: by default each store instance (a store × a partition, a dozen and more in the
 * notifier) gets its own 50 MB block cache and up to three 16 MB memtables, so native memory
 * grew with every held alert (1.35× Alertmanager's memory per held alert, heap plus native, at
 * 100,000 alerts), although the notifier keeps its groups as objects on the heap and its stores
 * are their changelogged copy, read back only when a task starts. A miss in this cache reads the
 * table file, which the OS page cache usually still has; the budget is not a user setting, as no
 * hot path reads these stores in bulk.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {
    /** Everything: blocks read, index and filter blocks, and the memtables charged to it. */
    public static final long CAPACITY = 32L * 1024 * 1024;
    /** The memtables of all stores together, within {@link #CAPACITY}: above it RocksDB flushes. */
    public static final long MEMTABLES = 16L * 1024 * 1024;
    /** Per memtable: a store instance flushes at this size even when the total is below the bound. */
    public static final long WRITE_BUFFER = 4L * 1024 * 1024;

    /** Created with the first store, shared by every one after it, never closed (lives with the process). */
    private static final class Shared {
        static final Cache CACHE;
        static final WriteBufferManager WRITE_BUFFERS;

        static {
            RocksDB.loadLibrary();
            // -1: RocksDB picks the shard count; not strict: a full cache evicts rather than fails
            // a read; 0.1 of it kept for index and filter blocks (high priority).
            CACHE = new LRUCache(CAPACITY, -1, false, 0.1);
            WRITE_BUFFERS = new WriteBufferManager(MEMTABLES, CACHE);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(Shared.CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(Shared.WRITE_BUFFERS);
        options.setWriteBufferSize(WRITE_BUFFER);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: closing them here
        // would pull them from under the others.
    }

    /**
     * The native memory all stores hold in the shared cache now (blocks, index and filters, and
     * the memtables' reservations): the figure to read instead of summing each store's
     * block-cache-usage metric, which reports this same shared cache once per store.
     */
    public static long usage() {
        return Shared.CACHE.getUsage();
    }
}
