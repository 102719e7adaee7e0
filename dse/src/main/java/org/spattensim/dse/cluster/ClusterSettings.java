package org.spattensim.dse.cluster;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.common.InvalidInputException;

/**
 * How one embedded Hazelcast member starts: the interface and port it binds to, the TCP-IP member list it
 * joins through (multicast, auto-detection and phone-home are always off), and its evaluation threads.
 *
 * @param host          interface to bind to (an IP address or host name of this machine)
 * @param port          port to bind to
 * @param portAutoIncrement try the next ports when {@code port} is taken (workers)
 * @param members       {@code host:port} addresses of members to join through (TCP-IP)
 * @param clusterName   cluster name; members of other clusters are refused
 * @param threads       evaluation threads on this member
 */
public record ClusterSettings(String host, int port, boolean portAutoIncrement, List<String> members,
                              String clusterName, int threads) {
    public static final String DEFAULT_CLUSTER_NAME = "spatten-dse";

    public ClusterSettings {
        members = List.copyOf(members);
        if (host == null || host.isBlank()) {
            throw InvalidInputException.of("cluster", "host", "is empty", "an interface address");
        }
        if (port < 1 || port > 65535) {
            throw InvalidInputException.of("cluster", "port", "bad value " + port, "a port in 1..65535");
        }
        if (threads < 1) {
            throw InvalidInputException.of("cluster", "threads", "bad value " + threads, "an integer >= 1");
        }
    }

    /** Parses {@code host:port}. */
    public static Address address(String text, String option) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw InvalidInputException.of(option, text, "malformed address", "host:port, e.g. 10.0.0.5:5701");
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new Address(text.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw InvalidInputException.of(option, text, "bad port", "host:port with a port in 1..65535");
        }
    }

    /** Parses a comma-separated {@code host:port} list. */
    public static List<Address> addresses(String list, String option) {
        List<Address> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(address(s.trim(), option));
            }
        }
        if (out.isEmpty()) {
            throw InvalidInputException.of(option, list, "no address", "host:port[,host:port...]");
        }
        return out;
    }

    /** A {@code host:port} pair. */
    public record Address(String host, int port) {
        /** host:port with the host resolved to an IP address (how members are matched against an allow-list). */
        public String resolved() {
            try {
                return java.net.InetAddress.getByName(host).getHostAddress() + ":" + port;
            } catch (java.net.UnknownHostException e) {
                throw InvalidInputException.of("cluster", host, "does not resolve", "a host name or IP address");
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
