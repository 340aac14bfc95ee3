package io.sluice.stunnel.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SharedArchiveTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path jar(String name, String content) throws IOException {
        Path jar = temp.getRoot().toPath().resolve(name);
        Files.writeString(jar, content);
        return jar;
    }

    private static String dumpTarget(String options) {
        assertTrue(options, options.matches("-Xshare:auto -Xlog:cds=off -Xlog:cds\\+dynamic=off -XX:ArchiveClassesAtExit=\\S+"));
        return options.substring(options.indexOf('=', options.indexOf("ArchiveClassesAtExit")) + 1);
    }

    @Test
    public void theFirstJvmDumpsToAFileOfItsOwnAndTheNextMapsItOnceTheHeaderIsWritten() throws Exception {
        Path directory = temp.getRoot().toPath().resolve("cds");
        SharedArchive archive = SharedArchive.of(directory, List.of(jar("main.jar", "a")));

        Path first = Path.of(dumpTarget(archive.jvmOptions()));
        assertTrue("claimed at the start", Files.exists(first));
        assertEquals("a second JVM starting before the first wrote its dump does not dump as well",
                "-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off", archive.jvmOptions());

        // The first JVM is writing: HotSpot has not written the header yet (zeros), so it is no archive.
        Files.write(first, new byte[64]);
        assertEquals("-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off", archive.jvmOptions());
        assertFalse(Files.exists(archive.archive()));
        assertTrue("a dump in progress is left alone", Files.exists(first));

        // It finished: the header starts with the magic number.
        Files.write(first, new byte[] {(byte) 0xa8, (byte) 0xba, 0x0b, (byte) 0xf0, 1, 2, 3});
        assertEquals("-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off -XX:SharedArchiveFile=" + archive.archive(),
                archive.jvmOptions());
        assertTrue(Files.exists(archive.archive()));
        assertFalse(Files.exists(first));
    }

    @Test
    public void dumpsAbandonedByADeadJvmAreRemovedAndSoAreLateOnesOnceThereIsAnArchive() throws Exception {
        Path directory = temp.getRoot().toPath().resolve("cds");
        SharedArchive archive = SharedArchive.of(directory, List.of(jar("main.jar", "a")));
        Path abandoned = Path.of(dumpTarget(archive.jvmOptions()));
        Files.write(abandoned, new byte[64]);
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(SharedArchive.ABANDONED).minusSeconds(1)));
        Path next = Path.of(dumpTarget(archive.jvmOptions()));
        assertFalse("an abandoned dump is gone", Files.exists(abandoned));
        assertNotEquals("the next JVM dumps instead", abandoned, next);

        Files.write(archive.archive(), new byte[] {1, 2, 3, 4});
        Path late = directory.resolve(archive.archive().getFileName() + ".dump-1-2");
        Files.write(late, new byte[] {5, 6, 7, 8});
        archive.jvmOptions();
        assertFalse("a dump finished after the archive existed is not needed", Files.exists(late));
        assertEquals("the archive in use is not replaced", 1, Files.readAllBytes(archive.archive())[0]);
    }

    @Test
    public void aChangedBootJarGetsAnArchiveOfItsOwn() throws Exception {
        Path directory = temp.getRoot().toPath().resolve("cds");
        Path jar = jar("main.jar", "a");
        Path before = SharedArchive.of(directory, List.of(jar)).archive();
        assertEquals(before, SharedArchive.of(directory, List.of(jar)).archive());
        Files.writeString(jar, "upgraded");
        Path after = SharedArchive.of(directory, List.of(jar)).archive();
        assertNotEquals("an upgraded jar: a stale archive would not be mapped, so a new one is made", before, after);
        assertTrue(after.getFileName().toString(),
                after.getFileName().toString().matches("karaf-" + Runtime.version().feature() + "-[0-9a-f]{16}\\.jsa"));
    }
}
