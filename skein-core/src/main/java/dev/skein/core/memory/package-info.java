/**
 * {@link dev.skein.core.memory.MemoryService}, a service that keeps its items in memory with the
 * semantics of the Feathers memory adapter (queries, pagination, multi-item calls), and its
 * {@link dev.skein.core.memory.MemoryOptions}. For tests, demos and small data that may be lost
 * when the process stops.
 */
package dev.skein.core.memory;
