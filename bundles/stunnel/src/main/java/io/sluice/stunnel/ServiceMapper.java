package io.sluice.stunnel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One section, with the global defaults applied, to the keys of {@code etc/io.sluice.tunnel-NAME.cfg}.
 * Only lines already known to be valid options arrive here (see {@link StunnelConfigReader}); what is
 * checked here depends on the value or on the other options of the service.
 */
final class ServiceMapper {

    /**
     * The Sluice keys the {@link Option.Kind#CHECKED} rules below write (PASS and LIST options keep
     * their own name); KeyMappingTest holds this and the options against TunnelKeys.ALL.
     */
    static final Set<String> CHECKED_KEYS = Set.of("accept", "client", "exec", "execArgs", "retry", "verifyChain",
            "verifyPeer", "sslVersion", "sslVersionMin", "sslVersionMax", "sni", "sessionCacheTimeout", "inetd", "renegotiation", "requireCert");

    private final Section section;
    private final Problems problems;
    private final Map<String, String> keys = new LinkedHashMap<>();
    /** stunnel's inetd mode: the accept side is the process's standard input and output. */
    private final boolean inetd;
    private boolean exec;
    /** Meaningful for an exec+connect service only; elsewhere stunnel ignores it, Sluice says so. */
    private Setting retry;
    /** Client: the last one counts; server: each is a SERVICE:PATTERN of a secondary service. */
    private final List<Setting> snis = new ArrayList<>();
    /** stunnel ignores it beside PSKsecrets (the key authenticates the peer); Sluice says so. */
    private Setting requireCert;

    private ServiceMapper(Section section, Problems problems, boolean inetd) {
        this.section = section;
        this.problems = problems;
        this.inetd = inetd;
    }

    /** @param inetd the service of a file without sections (stunnel's inetd mode) */
    static Map<String, String> map(Section section, List<Setting> settings, Problems problems, boolean inetd) {
        ServiceMapper mapper = new ServiceMapper(section, problems, inetd);
        settings.forEach(mapper::apply);
        mapper.checkService();
        return mapper.keys;
    }

    private void apply(Setting setting) {
        try {
            switch (setting.option().inSection()) {
                case PASS -> keys.put(setting.name(), setting.value());
                case LIST -> keys.merge(setting.name(), setting.value(), (a, b) -> a + ", " + b);
                case LINES -> keys.merge(setting.name(), setting.value(), (a, b) -> a + "\n" + b);
                case CHECKED -> checked(setting);
                default -> throw new IllegalStateException("handled by the reader: " + setting.name());
            }
        } catch (IllegalArgumentException e) {
            error(setting.where(), e.getMessage());
        }
    }

    private void checked(Setting setting) {
        String value = setting.value();
        switch (setting.name()) {
            case "accept" -> {
                if (inetd) {
                    throw new IllegalArgumentException("'accept' option is only allowed in a [section]");
                }
                keys.merge("accept", value, (a, b) -> a + ", " + b); // several lines: each is listened on
            }
            case "client" -> keys.put("client", Values.yesNo(value) ? "yes" : "no");
            case "exec" -> {
                exec = true;
                keys.put("exec", value);
            }
            case "execArgs" -> keys.put("execArgs", value);
            case "retry" -> {
                if (!value.matches("(?i)yes|no|\\d{1,9}")) {
                    throw new IllegalArgumentException("retry = " + value + ": expected yes, no or a delay in milliseconds");
                }
                retry = setting;
            }
            case "verify" -> verify(setting);
            case "sslVersion", "sslVersionMax" -> version(setting, false);
            case "sslVersionMin" -> version(setting, true);
            case "sni" -> snis.add(setting);
            case "session" -> keys.put("sessionCacheTimeout", value); // stunnel's older name
            case "curve" -> keys.put("curves", value); // stunnel's alias
            case "options" -> {
                String warning = OpenSslOptions.apply(value, keys);
                if (warning != null) {
                    problems.warning(section.name(), setting.where(), warning);
                }
            }
            case "requireCert" -> {
                requireCert = setting;
                keys.put("requireCert", value);
            }
            case "debug" -> problems.warning(section.name(), setting.where(), "debug = " + value
                    + ": changes nothing here: the global debug level applies to every service");
            default -> throw new IllegalStateException("no rule for " + setting.name());
        }
    }

    /** The obsolete {@code verify = LEVEL}: the levels Sluice can express, in today's option names. */
    private void verify(Setting setting) {
        String value = setting.value();
        switch (value) {
            case "2" -> keys.put("verifyChain", "yes");
            case "3" -> {
                keys.put("verifyChain", "yes");
                keys.put("verifyPeer", "yes");
            }
            case "4" -> keys.put("verifyPeer", "yes");
            case "0" -> keys.put("verifyChain", "no"); // request and ignore: nothing is checked either way
            case "1" -> {
                // "verify if present": the JVM's engines either require a certificate or do not check
                // one, so the stricter reading is taken, and said.
                keys.put("verifyChain", "yes");
                problems.warning(section.name(), setting.where(), "verify = 1: a peer without a certificate is refused"
                        + " here (stunnel lets it in unverified); set verify = 0 or verify = 2 to choose");
            }
            default -> throw new IllegalArgumentException("Bad verify level");
        }
    }

    /**
     * Versions below TLSv1.2 are never spoken. A minimum below it is raised with a warning (stricter,
     * not weaker, than asked); a maximum or fixed version below it cannot be honoured and is refused.
     */
    private void version(Setting setting, boolean minimum) {
        String value = setting.value();
        String sluice = Versions.sluice(value);
        if (sluice != null) {
            keys.put(setting.name(), sluice);
        } else if (Versions.isAll(value)) {
            keys.remove(setting.name()); // the library limits: Sluice's default range
        } else if (!Versions.isObsolete(value)) {
            throw new IllegalArgumentException("Invalid protocol version");
        } else if (minimum) {
            keys.put(setting.name(), Versions.LOWEST);
            problems.warning(section.name(), setting.where(),
                    "sslVersionMin raised to " + Versions.LOWEST + ": Sluice speaks TLSv1.2 and TLSv1.3 only");
        } else {
            throw new IllegalArgumentException(setting.name() + " = " + value
                    + ": not allowed: Sluice speaks TLSv1.2 and TLSv1.3 only");
        }
    }

    /** The rules between options, reported at the section header where no single line is to blame. */
    private void checkService() {
        boolean client = "yes".equals(keys.get("client"));
        if (!snis.isEmpty()) {
            keys.put("sni", client ? snis.get(snis.size() - 1).value()
                    : String.join(", ", snis.stream().map(Setting::value).toList()));
        }
        boolean secondary = !client && !snis.isEmpty();
        // stunnel's socks server takes its target from each request: "endpoint is provided by the protocol".
        boolean protocolEndpoint = !client && "socks".equalsIgnoreCase(keys.get("protocol"));
        int endpoints = (keys.containsKey("accept") ? 1 : 0) + (keys.containsKey("connect") ? 1 : 0) + (exec ? 1 : 0)
                + (secondary ? 1 : 0) + (protocolEndpoint ? 1 : 0);
        if (inetd) {
            // The process's standard input and output are the accept side: one endpoint more is needed.
            keys.put("inetd", "yes");
            if (endpoints != 1 && !keys.containsKey("accept")) {
                error(section.header(), "Inetd mode must define one endpoint");
            }
        } else if (endpoints != 2) {
            error(section.header(), "Each service must define two endpoints");
        }
        checkExec();
        ticketSecrets(client);
        boolean psk = keys.containsKey("PSKsecrets");
        if (psk && requireCert != null) {
            keys.remove("requireCert");
            problems.warning(section.name(), requireCert.where(), "requireCert = " + requireCert.value()
                    + ": changes nothing beside PSKsecrets, as in stunnel (the pre-shared key authenticates the peer)");
        }
        if (!client && !keys.containsKey("cert") && !psk) {
            error(section.header(), "TLS server needs a certificate");
        }
        checkNeedsVerification();
        if (client && !psk) {
            stunnelVerificationDefault();
        }
    }

    /**
     * stunnel ignores ticket secrets in a client section, with a notice; a server's take Sluice's
     * one provider that sets ticket keys (stunnel is OpenSSL), unless the section names another.
     */
    private void ticketSecrets(boolean client) {
        if (!keys.containsKey("ticketKeySecret") && !keys.containsKey("ticketMacSecret")) {
            return;
        }
        if (client) {
            for (String key : List.of("ticketKeySecret", "ticketMacSecret")) {
                if (keys.remove(key) != null) {
                    problems.warning(section.name(), section.header(), key
                            + ": ignored in a client section, as in stunnel (only a server issues session tickets)");
                }
            }
        } else {
            keys.putIfAbsent("tlsProvider", "openssl");
        }
    }

    /**
     * stunnel refuses subject checks on a section that verifies nothing (its client does not verify
     * by default), in these words. A file stunnel takes is taken; what it refuses is refused at import.
     */
    private void checkNeedsVerification() {
        boolean checks = keys.containsKey("checkHost") || keys.containsKey("checkIP") || keys.containsKey("checkEmail");
        if (checks && !on(keys.get("verifyChain")) && !on(keys.get("verifyPeer"))) {
            error(section.header(), "Either \"verifyChain\" or \"verifyPeer\" has to be enabled");
        }
    }

    /**
     * retry is passed on for an exec+connect service only (elsewhere it has no effect in stunnel
     * either: a warning); execArgs' $0 cannot be chosen on the JVM (the program gets its path).
     */
    private void checkExec() {
        boolean secondary = !"yes".equals(keys.get("client")) && !snis.isEmpty();
        boolean execConnect = exec && !keys.containsKey("accept") && !inetd && !secondary;
        if (retry != null && execConnect) {
            keys.put("retry", retry.value());
        } else if (retry != null && !"no".equalsIgnoreCase(retry.value())) {
            problems.warning(section.name(), retry.where(), "retry = " + retry.value()
                    + ": has no effect (it restarts the program of an exec+connect service only)");
        }
        String args = keys.get("execArgs");
        String program = keys.get("exec");
        if (args != null && program == null) {
            error(section.header(), "execArgs without exec");
        } else if (args != null && !args.isBlank()) {
            String zero = args.trim().split("\\s+")[0];
            String name = java.nio.file.Path.of(program).getFileName() == null ? program
                    : java.nio.file.Path.of(program).getFileName().toString();
            if (!zero.equals(program) && !zero.equals(name)) {
                problems.warning(section.name(), section.header(), "execArgs: $0 = " + zero + " cannot be passed on:"
                        + " the JVM starts " + program + " with its path as $0 (the other arguments are passed)");
            }
        }
    }

    /**
     * stunnel's default: a client verifies nothing unless verifyChain, verifyPeer or verify says
     * so. Sluice's own default (native .cfg files) verifies, so a stunnel file says "no" for it,
     * and stunnel's own warning line is logged, in its words.
     */
    private void stunnelVerificationDefault() {
        if (!keys.containsKey("verifyChain") && !keys.containsKey("verifyPeer")) {
            keys.put("verifyChain", "no");
        }
        if (!on(keys.get("verifyChain")) && !on(keys.get("verifyPeer"))) {
            problems.stunnelWarning("Service [" + section.name() + "] needs authentication to prevent MITM attacks");
        }
    }

    /** Set and not off; a value that is no boolean at all is the core's to refuse. */
    private static boolean on(String value) {
        return value != null && !"no".equalsIgnoreCase(value);
    }

    private void error(Where where, String message) {
        problems.error(section.name(), where, message);
    }
}
