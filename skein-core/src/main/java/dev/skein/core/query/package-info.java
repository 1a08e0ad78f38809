/**
 * Feathers queries on JSON-shaped data: {@link dev.skein.core.query.Query} parses a query
 * ({@code {field: value}}, operators such as {@code $in} and {@code $gt}, {@code $or}, and the
 * filters {@code $limit}, {@code $skip}, {@code $sort}, {@code $select}) and applies it to items;
 * {@link dev.skein.core.query.Values} says how values compare and how ids are keyed. For services
 * that filter items themselves, as {@link dev.skein.core.memory.MemoryService} does.
 */
package dev.skein.core.query;
