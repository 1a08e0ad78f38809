/**
 * Spring MVC and WebFlux support: a Skein error reaching a controller answers with its own status and
 * JSON form. Used only in a web application.
 */
package dev.skein.spring.web;
