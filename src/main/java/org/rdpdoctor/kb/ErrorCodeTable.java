package org.rdpdoctor.kb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The three code tables of {@code error-codes.yaml} and the decoding of codes as users type them.
 */
public record ErrorCodeTable(
        List<ErrorCode> disconnectReasons,
        List<ErrorCode> extendedReasons,
        List<ErrorCode> serverErrorInfo) {

    public ErrorCodeTable {
        disconnectReasons = List.copyOf(disconnectReasons);
        extendedReasons = List.copyOf(extendedReasons);
        serverErrorInfo = List.copyOf(serverErrorInfo);
    }

    /** Decodes the client's "Error code" (disconnect reason). */
    public DecodedCode decodeDisconnect(String input) {
        return decode(input, disconnectReasons, List.of(), "error code");
    }

    /**
     * Decodes the "Extended error code". Its numbers mirror the server's error-info codes, so a
     * number typed without {@code 0x} is read the way that names a code of either table, and the
     * matching server row is found with {@link #serverErrorInfo}.
     */
    public DecodedCode decodeExtended(String input) {
        return decode(input, extendedReasons, serverErrorInfo, "extended error code");
    }

    /**
     * The codes of an error dialog decoded, as the API's {@code /decode} and {@code decode --json}
     * show them: {@code error}, and {@code extended} when one is given (with {@code serverName}
     * when the server sends that code by a name of its own).
     *
     * @param extended the extended error code, or null or blank when the dialog showed none
     * @throws IllegalArgumentException when a code is not a 32-bit number in either form
     */
    public Map<String, Object> describe(String code, String extended) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", view(decodeDisconnect(code)));
        if (extended != null && !extended.isBlank()) {
            DecodedCode ext = decodeExtended(extended);
            Map<String, Object> view = view(ext);
            serverErrorInfo(ext.value()).ifPresent(info -> view.put("serverName", info.name()));
            out.put("extended", view);
        }
        return out;
    }

    private static Map<String, Object> view(DecodedCode code) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("input", code.input());
        view.put("hex", code.hex());
        view.put("decimal", code.decimal());
        view.put("reading", code.reading());
        view.put("known", code.isKnown());
        view.put("name", code.name());
        view.put("meaning", code.meaning());
        view.put("sources", code.sources());
        return view;
    }

    /** The server error-info row with the same number, if any. */
    public Optional<ErrorCode> serverErrorInfo(int code) {
        return find(serverErrorInfo, code);
    }

    /**
     * Reads a code as a user typed it. With {@code 0x} it is hex. Without, the dialog's form (hex)
     * is tried first and the event log's form (decimal) second: the reading that names a known code
     * wins, hex when both or neither do, decimal when only decimal fits in 32 bits.
     *
     * @param table the rows the code is decoded with
     * @param alsoKnown rows that make a reading count as known, and give the name and meaning of a
     *     code {@code table} lacks
     * @param label what the code is, to name it in the message
     * @throws IllegalArgumentException when the text is not a 32-bit number in either form
     */
    static DecodedCode decode(
            String input, List<ErrorCode> table, List<ErrorCode> alsoKnown, String label) {
        String text = input == null ? "" : input.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("0x")) {
            int value = parse(input, text.substring(2), 16, label);
            return decoded(input, value, "hex", table, alsoKnown);
        }
        Optional<Integer> hex = tryParse(text, 16);
        Optional<Integer> decimal = tryParse(text, 10);
        boolean hexKnown = hex.filter(v -> known(v, table, alsoKnown)).isPresent();
        boolean decimalKnown = decimal.filter(v -> known(v, table, alsoKnown)).isPresent();
        if (decimal.isPresent() && (hex.isEmpty() || !hexKnown && decimalKnown)) {
            return decoded(input, decimal.get(), "decimal", table, alsoKnown);
        }
        int value = parse(input, text, 16, label);
        return decoded(input, value, "hex", table, alsoKnown);
    }

    /** The code with its row, or, when {@code table} lacks it, the row of {@code alsoKnown}. */
    private static DecodedCode decoded(
            String input,
            int value,
            String reading,
            List<ErrorCode> table,
            List<ErrorCode> alsoKnown) {
        Optional<ErrorCode> entry = find(table, value);
        return new DecodedCode(
                input.trim(),
                value,
                reading,
                entry.orElse(null),
                entry.isPresent() ? null : find(alsoKnown, value).orElse(null));
    }

    private static boolean known(int value, List<ErrorCode> table, List<ErrorCode> alsoKnown) {
        return find(table, value).isPresent() || find(alsoKnown, value).isPresent();
    }

    private static Optional<ErrorCode> find(List<ErrorCode> table, int value) {
        return table.stream().filter(code -> code.covers(value)).findFirst();
    }

    /**
     * Reads ASCII digits of the radix as an unsigned 32-bit number. A sign, or a digit of another
     * script (such as a full-width 9), which {@link Integer#parseUnsignedInt} would take, is not a
     * code anyone sees in a dialog or a log.
     */
    static Optional<Integer> tryParse(String digits, int radix) {
        if (!digits.matches(radix == 16 ? "[0-9a-fA-F]+" : "[0-9]+")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseUnsignedInt(digits, radix));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int parse(String input, String digits, int radix, String label) {
        return tryParse(digits, radix)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        label
                                                + " '"
                                                + input
                                                + (digits.matches("[0-9a-f]+")
                                                        ? "' is too large: codes are 32-bit, at"
                                                                + " most 0xFFFFFFFF (4294967295)"
                                                        : "' is not a number: write it as the"
                                                                + " dialog shows it (0x904 or 904)"
                                                                + " or as the event log does"
                                                                + " (2308)")));
    }
}
