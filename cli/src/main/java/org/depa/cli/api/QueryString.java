package org.depa.cli.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A URL query: {@code ?name=value&...} in the order added, values encoded, absent values left out. */
final class QueryString {
    private final StringBuilder query = new StringBuilder();

    QueryString add(String name, Object value) {
        if (value != null) {
            query.append(query.length() == 0 ? '?' : '&')
                    .append(name)
                    .append('=')
                    .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
        return this;
    }

    /** {@code value} as one path segment (a '/' or space cannot change the route). */
    static String path(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return query.toString();
    }
}
