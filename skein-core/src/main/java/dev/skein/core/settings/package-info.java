/**
 * Settings declared once: a {@link dev.skein.core.settings.Setting} names a setting, its type,
 * default, documentation and check; every way of configuring a node (builder, node file, flags,
 * environment, Spring properties, the docs' table) is made from the declarations, and
 * {@link dev.skein.core.settings.GivenSettings} refuses a setting given two ways with different values.
 */
package dev.skein.core.settings;
