package io.sluice.transport.mina;

import javax.net.ssl.SSLException;

/** The end of a connection whose peer asked for a renegotiation that is not allowed (stunnel's words). */
final class RenegotiationRefused extends SSLException {

    RenegotiationRefused() {
        super("Aborting due to renegotiation request");
    }
}
