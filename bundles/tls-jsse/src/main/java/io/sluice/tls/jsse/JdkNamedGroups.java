package io.sluice.tls.jsse;

import io.sluice.tls.common.EngineGroups;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * SunJSSE's named groups per engine: {@code SSLParameters.setNamedGroups} came with JDK 20. Built for
 * release 17, so it is looked up at run time; on an older JDK only the JVM-wide system property
 * {@code jdk.tls.namedGroups} chooses them, and a tunnel asking for its own is refused, never run
 * with other groups than it asked for.
 */
final class JdkNamedGroups implements EngineGroups {

    /** Null before JDK 20. */
    private static final MethodHandle SET_NAMED_GROUPS = lookup();

    private JdkNamedGroups() {
    }

    private static MethodHandle lookup() {
        try {
            return MethodHandles.publicLookup().findVirtual(SSLParameters.class, "setNamedGroups",
                    MethodType.methodType(void.class, String[].class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    /** @throws GeneralSecurityException naming curves, when this JDK cannot set groups per tunnel */
    static EngineGroups get() throws GeneralSecurityException {
        if (SET_NAMED_GROUPS == null) {
            throw new GeneralSecurityException("curves: SunJSSE takes named groups per tunnel from JDK 20 on"
                    + " (SSLParameters.setNamedGroups); this is Java " + Runtime.version().feature()
                    + ", where only the JVM-wide system property jdk.tls.namedGroups sets them: use tlsProvider = bc"
                    + " or openssl, or run Sluice on JDK 20 or later");
        }
        return new JdkNamedGroups();
    }

    @Override
    public void apply(SSLEngine engine, String[] groups) {
        SSLParameters params = engine.getSSLParameters();
        try {
            SET_NAMED_GROUPS.invokeExact(params, groups);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            // setNamedGroups declares no checked exception.
            throw new IllegalStateException(e);
        }
        engine.setSSLParameters(params);
    }
}
