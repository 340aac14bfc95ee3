package io.sluice.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The file descriptor of this process's listening socket on an address, for stunnel's
 * {@code Service [x] (FD=n) bound to} line. The JVM does not expose descriptors; Linux's /proc
 * does: the socket's inode from /proc/net/tcp(6), then the descriptor linking to it in
 * /proc/self/fd. Elsewhere, or if anything does not parse, there is none and the line goes without.
 */
final class ListeningDescriptor {

    private static final String LISTEN = "0A";

    private ListeningDescriptor() {
    }

    static OptionalInt of(InetSocketAddress bound) {
        try {
            Set<String> inodes = new HashSet<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path path = Path.of(table);
                if (Files.isReadable(path)) {
                    listeningInodes(Files.readAllLines(path), bound, inodes);
                }
            }
            return inodes.isEmpty() ? OptionalInt.empty() : descriptorOf(inodes);
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** A listening Unix socket at {@code path}: /proc/net/unix lists it by path, flagged as accepting. */
    static OptionalInt of(Path path) {
        try {
            Set<String> inodes = new HashSet<>();
            List<String> table = Files.readAllLines(Path.of("/proc/net/unix"));
            for (String line : table.subList(1, table.size())) {
                // Num RefCount Protocol Flags Type St Inode Path; flag 00010000 is __SO_ACCEPTCON
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 8 && fields[3].equals("00010000") && fields[7].equals(path.toString())) {
                    inodes.add(fields[6]);
                }
            }
            return inodes.isEmpty() ? OptionalInt.empty() : descriptorOf(inodes);
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** Lines "sl local_address rem_address st ... inode": listening sockets on {@code bound}. */
    private static void listeningInodes(List<String> table, InetSocketAddress bound, Set<String> inodes) throws IOException {
        for (String line : table.subList(1, table.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 10 || !LISTEN.equals(fields[3])) {
                continue;
            }
            String[] local = fields[1].split(":");
            if (Integer.parseInt(local[1], 16) == bound.getPort() && same(address(local[0]), bound.getAddress())) {
                inodes.add(fields[9]);
            }
        }
    }

    /**
     * The kernel prints an address as 32-bit words in the machine's byte order (little-endian on
     * the platforms a JVM runs Linux on). A v4-mapped IPv6 address (a JVM's dual-stack socket)
     * comes back from InetAddress as the IPv4 address, so both tables compare with the bound one.
     */
    private static InetAddress address(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + 3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }

    /** A wildcard socket shows as :: in tcp6 (a JVM's dual-stack socket), where the JVM says 0.0.0.0. */
    private static boolean same(InetAddress listed, InetAddress bound) {
        return listed.equals(bound) || listed.isAnyLocalAddress() && bound.isAnyLocalAddress();
    }

    private static OptionalInt descriptorOf(Set<String> inodes) throws IOException {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                        return OptionalInt.of(Integer.parseInt(fd.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // closed since the directory was listed
                }
            }
        }
        return OptionalInt.empty();
    }
}
