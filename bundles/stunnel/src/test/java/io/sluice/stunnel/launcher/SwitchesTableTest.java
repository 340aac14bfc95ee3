package io.sluice.stunnel.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The command-line table of README.md against the preflight: a supported switch runs (status 0), a
 * refused one ends with status 2 and the row's reason; and -fd N reads the file from descriptor N.
 */
public class SwitchesTableTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path home;
    private Path good;

    @Before
    public void installation() throws IOException {
        home = tmp.newFolder("home").toPath();
        InstanceDirectoryTest.fakeEtc(home.resolve("etc"));
        Files.createDirectories(home.resolve("system/io/sluice/io.sluice.stunnel/1.2.3"));
        good = tmp.getRoot().toPath().resolve("good.conf");
        Files.writeString(good, "foreground = yes\n[a]\nclient = yes\naccept = 127.0.0.1:1\nconnect = 2\n");
    }

    @Test
    public void everyRowSaysWhatThePreflightDoes() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("### Command line"), readme.indexOf("### Privileges"));
        Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\| ([^|]+?) \\| ([^|]*) \\|").matcher(table);
        List<String> wrong = new ArrayList<>();
        int rows = 0;
        while (row.find()) {
            rows++;
            String problem = check(row.group(1), row.group(2), row.group(3));
            if (problem != null) {
                wrong.add(row.group(1) + ": " + problem);
            }
        }
        assertEquals(14, rows);
        assertEquals(List.of(), wrong);
    }

    @Test
    public void switchesMatchCaseInsensitivelyAsStunnels() {
        assertEquals(0, run("-VERSION"));
        assertEquals(2, run("-Install"));
    }

    @Test
    public void minusFdReadsTheFileFromTheDescriptorAndKeepsItForReloads() throws IOException {
        try (FileInputStream in = new FileInputStream(good.toFile())) {
            String fd = descriptorOf(good);
            assertEquals(err(), 0, run("-fd", fd));
            try (Stream<Path> copies = Files.list(home.resolve("data/stunnel/fd"))) {
                List<Path> files = copies.toList();
                assertEquals(1, files.size());
                assertEquals(Files.readString(good), Files.readString(files.get(0)));
            }
        }
    }

    @Test
    public void minusFdOfNoDescriptorSaysWhich() {
        assertEquals(1, run("-fd", "987654"));
        assertTrue(err(), err().startsWith("[!] -fd 987654: cannot read file descriptor 987654"));
        assertTrue(err(), err().endsWith("[!] Configuration failed\n"));
    }

    private String check(String name, String kind, String notes) throws IOException {
        int status;
        switch (name) {
            case "<file>" -> status = run(good.toString());
            case "-fd N" -> {
                try (FileInputStream in = new FileInputStream(good.toFile())) {
                    status = run("-fd", descriptorOf(good));
                }
            }
            default -> status = run(name);
        }
        if (kind.equals("supported")) {
            return status == 0 ? null : "status " + status + ": " + err();
        }
        if (kind.equals("refused")) {
            String reason = notes.replaceAll(" \\(.*", "").trim();
            return status == 2 && err().contains(name + ": " + reason.substring(0, Math.min(12, reason.length())))
                    ? null : "status " + status + ": " + err();
        }
        return "unknown kind " + kind;
    }

    /** The number of a descriptor this JVM has open on {@code file}. */
    private static String descriptorOf(Path file) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file.toAbsolutePath())) {
                        return fd.getFileName().toString();
                    }
                } catch (IOException e) {
                    // the descriptor of the listing itself is gone by now
                }
            }
        }
        throw new AssertionError("no descriptor open on " + file);
    }

    private int run(String... args) {
        err = new ByteArrayOutputStream();
        return new Preflight(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), home, home.resolve("etc"), ProcessHandle.current().pid()).run(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
