/**
 * Network probes: measure a target host from here (name lookup, TCP to the RDP port, RDP security
 * negotiation, TLS and its certificate, an optional RD Gateway) under one deadline, and turn what
 * they saw into evidence events. This package knows the engine's events and nothing above it: no
 * store, web or command line.
 */
package org.rdpdoctor.probe;
