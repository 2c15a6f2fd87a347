/**
 * The HTTP face of rdp-doctor: the JSON API {@code /api/v1} and the helpdesk pages, built by {@link
 * org.rdpdoctor.web.WebApp} on Javalin. It drives sessions through {@link org.rdpdoctor.RdpDoctor}
 * and maps every error to one response shape in one place.
 */
package org.rdpdoctor.web;
