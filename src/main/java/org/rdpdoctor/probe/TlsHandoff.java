package org.rdpdoctor.probe;

import java.net.Socket;

/**
 * What the negotiation probe hands the TLS probe: the socket of a Connection Confirm that selected
 * TLS or CredSSP, ready for the TLS handshake, or the reason there is none.
 *
 * @param socket the connected socket, or null
 * @param requested the request whose confirm selected TLS
 * @param selected the selected protocol
 * @param reason why there is no socket, or empty
 */
record TlsHandoff(Socket socket, int requested, int selected, String reason) {
    static TlsHandoff none(String reason) {
        return new TlsHandoff(null, 0, 0, reason);
    }
}
