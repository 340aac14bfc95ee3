package io.sluice.itests;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/** Runs console commands as a user with the given roles would, and returns what they printed. */
final class Console {

    private final SessionFactory sessions;

    Console(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Waits until the tunnel commands are registered: right after boot they may not be yet. */
    void awaitTunnelCommands() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                admin("tunnel:providers");
                return;
            } catch (Exception e) {
                if (System.currentTimeMillis() > deadline || !String.valueOf(e.getMessage()).startsWith("Command not found")) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    String admin(String command) throws Exception {
        return as(command, "admin");
    }

    String as(String command, String... roles) throws Exception {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("tester"));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(InputStream.nullInputStream(), out, out);
        try {
            Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
        } catch (java.security.PrivilegedActionException e) {
            throw e.getException();
        } finally {
            out.flush();
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
