package io.sluice.pki;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A stamp changes with the content of a file or of a directory's files, never with nothing. */
public class FileStampTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void sameSizeEditOfAFileChangesTheStamp() throws Exception {
        Path file = folder.getRoot().toPath().resolve("a.crt");
        Files.writeString(file, "AAAA");
        FileStamp before = FileStamp.of(file);
        assertEquals("unchanged file, same stamp", before, FileStamp.of(file));
        Files.writeString(file, "AAAB");
        assertNotEquals(before, FileStamp.of(file));
    }

    @Test
    public void aDirectoryChangesWithAnEntrysContentOrName() throws Exception {
        Path dir = folder.newFolder("capath").toPath();
        Files.writeString(dir.resolve("1.pem"), "one");
        FileStamp first = FileStamp.of(dir);
        assertEquals(first, FileStamp.of(dir));
        Files.writeString(dir.resolve("1.pem"), "two");
        FileStamp second = FileStamp.of(dir);
        assertNotEquals(first, second);
        Files.move(dir.resolve("1.pem"), dir.resolve("2.pem"));
        assertNotEquals(second, FileStamp.of(dir));
    }

    @Test
    public void aMissingFileHasAStampOfItsOwn() throws Exception {
        Path file = folder.getRoot().toPath().resolve("gone.crt");
        FileStamp missing = FileStamp.of(file);
        Files.writeString(file, "");
        assertNotEquals(missing, FileStamp.of(file));
    }
}
