package org.rdpdoctor.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Looks a name up: every address, in the order the client would try them. */
@FunctionalInterface
interface Resolver {
    InetAddress[] addresses(String host) throws UnknownHostException;
}
