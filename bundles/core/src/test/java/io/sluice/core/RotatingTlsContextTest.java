package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.TlsContext;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.junit.Test;

public class RotatingTlsContextTest {

    /**
     * A default method of TlsContext that the rotating context does not pass on answers with the
     * default instead of the provider's: an openssl tunnel's handshakes went to the handshake pool.
     */
    @Test
    public void passesEveryMethodOnToTheContextInForce() {
        List<String> missing = new ArrayList<>();
        for (Method m : TlsContext.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getName().equals("takeOver")) {
                // takeOver is asked of the context that comes in (replace), never of the rotating one.
                continue;
            }
            try {
                Method own = RotatingTlsContext.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
                if (own.isBridge() || own.isSynthetic()) {
                    missing.add(m.getName());
                }
            } catch (NoSuchMethodException e) {
                missing.add(m.getName());
            }
        }
        assertEquals("TlsContext methods RotatingTlsContext does not pass on", List.of(), missing);
    }

    @Test
    public void slowHandshakesIsTheAnswerOfTheContextInForce() {
        RotatingTlsContext rotating = new RotatingTlsContext(context(false));
        assertFalse(rotating.slowHandshakes());
        rotating.replace(context(true));
        assertTrue(rotating.slowHandshakes());
    }

    private static TlsContext context(boolean slow) {
        return new TlsContext() {
            @Override
            public SSLEngine newEngine(String peerHost, int peerPort) {
                throw new AssertionError("not asked for an engine");
            }

            @Override
            public boolean slowHandshakes() {
                return slow;
            }

            @Override
            public String providerName() {
                return "test";
            }
        };
    }
}
