package io.mtc4j.conformance.report;

/** Text placed in the project's self-contained HTML reports. */
public final class Html {
    private Html() {}

    /**
     * Escapes {@code <}, {@code >}, {@code &} and {@code "} so that {@code s} reads as text in an element or a
     * quoted attribute.
     *
     * @param s the text
     * @return the escaped text
     */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
