package io.sluice.access.hosts.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the rules a client address can match without trying them all. A rule whose client list is
 * plain addresses and networks (no EXCEPT, no names) can only match inside those networks, so it is
 * filed under each of them; other rules are always candidates. Candidates come back in file order,
 * which keeps first-match-wins exact. With 10,000 address rules a lookup is one hash probe per
 * distinct mask (a handful) instead of 10,000 comparisons.
 */
final class AddressIndex {

    private final int[] alwaysTried;
    private final AddressMask[] maskKinds;
    private final Map<AddressMask, int[]> byNetwork;

    private AddressIndex(int[] alwaysTried, AddressMask[] maskKinds, Map<AddressMask, int[]> byNetwork) {
        this.alwaysTried = alwaysTried;
        this.maskKinds = maskKinds;
        this.byNetwork = byNetwork;
    }

    static AddressIndex of(List<Rule> rules) {
        List<Integer> always = new ArrayList<>();
        Set<AddressMask> kinds = new LinkedHashSet<>();
        Map<AddressMask, List<Integer>> networks = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            List<AddressMask> masks = addressesOnly(rules.get(i).clients());
            if (masks == null) {
                always.add(i);
                continue;
            }
            for (AddressMask mask : masks) {
                kinds.add(new AddressMask(0, 0, mask.maskHigh(), mask.maskLow()));
                networks.computeIfAbsent(mask, k -> new ArrayList<>()).add(i);
            }
        }
        Map<AddressMask, int[]> byNetwork = new HashMap<>();
        networks.forEach((network, positions) -> byNetwork.put(network, toArray(positions)));
        return new AddressIndex(toArray(always), kinds.toArray(AddressMask[]::new), byNetwork);
    }

    /** Positions of the rules that may match this address, ascending. */
    int[] candidates(Address address) {
        int[] hits = new int[0];
        for (AddressMask kind : maskKinds) {
            int[] positions = byNetwork.get(kind.networkOf(address));
            if (positions != null) {
                hits = concat(hits, positions);
            }
        }
        if (hits.length == 0) {
            return alwaysTried;
        }
        Arrays.sort(hits);
        return merge(hits, alwaysTried);
    }

    /** The client list's networks, or null when the list is anything more than addresses. */
    private static List<AddressMask> addressesOnly(Pattern clients) {
        if (!(clients instanceof PatternList list) || list.except() != null) {
            return null;
        }
        List<AddressMask> masks = new ArrayList<>();
        for (Pattern item : list.items()) {
            if (!(item instanceof ClientHost host) || !(host.host() instanceof AddressMask mask)) {
                return null;
            }
            masks.add(mask);
        }
        return masks;
    }

    private static int[] merge(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            int next = j == b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++];
            if (n == 0 || out[n - 1] != next) {
                out[n++] = next;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
