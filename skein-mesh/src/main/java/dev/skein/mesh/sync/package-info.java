/**
 * Sync-only mode (feathers-sync): identical replicas of an app share their service events through
 * a broker, without distributing services. See {@link dev.skein.mesh.sync.Sync}.
 */
package dev.skein.mesh.sync;
