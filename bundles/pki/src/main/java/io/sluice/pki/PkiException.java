package io.sluice.pki;

import java.security.GeneralSecurityException;

/**
 * Key material that cannot be used. The message is written for an operator: it names the file and
 * says what is wrong with it. It never contains key bytes or passwords.
 */
public class PkiException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
