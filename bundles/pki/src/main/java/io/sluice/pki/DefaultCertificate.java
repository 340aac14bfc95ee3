package io.sluice.pki;

import java.nio.file.Path;

/**
 * The certificate a tunnel uses when its configuration names none. The files exist and load
 * without a password while this service is registered; a self-signed pair is generated on first
 * start.
 */
public interface DefaultCertificate {

    /** The PEM certificate chain (or a PKCS#12 file holding key and chain). */
    Path certificate();

    /** The private key file; the same as {@link #certificate()} when that file also holds the key. */
    Path key();
}
