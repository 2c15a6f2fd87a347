package org.rdpdoctor.kb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * The four code tables of {@code error-codes.yaml} and the decoding of codes as users type them.
 *
 * <p>Besides the codes of Windows' client, a code may be FreeRDP's "last error", which it prints as
 * {@code ERRCONNECT_TLS_CONNECT_FAILED [0x00020008]}: the class in the upper 16 bits (1 the
 * server's error info, 2 the client's own connection errors) and the code of the class in the lower
 * 16. Such a code, written with {@code 0x} as FreeRDP prints it, is read with the class's table
 * when the code's own table lacks it.
 *
 * @param freerdpForm what a code in FreeRDP's form tells besides its row, or null when the file
 *     says nothing
 */
public record ErrorCodeTable(
        List<ErrorCode> disconnectReasons,
        List<ErrorCode> extendedReasons,
        List<ErrorCode> serverErrorInfo,
        List<ErrorCode> freerdpConnectErrors,
        FreerdpForm freerdpForm) {

    public static final String DISCONNECT_REASONS = "disconnect_reasons";
    public static final String EXTENDED_REASONS = "extended_reasons";
    public static final String SERVER_ERROR_INFO = "server_error_info";
    public static final String FREERDP_CONNECT_ERRORS = "freerdp_connect_errors";

    /** The names of the four tables in {@code error-codes.yaml}, in the file's order. */
    public static final List<String> TABLES =
            List.of(
                    DISCONNECT_REASONS,
                    EXTENDED_REASONS,
                    SERVER_ERROR_INFO,
                    FREERDP_CONNECT_ERRORS);

    /** The key of {@link FreerdpForm} in {@code error-codes.yaml}. */
    public static final String FREERDP_FORM = "freerdp_form";

    /**
     * What any code written in FreeRDP's form observed, whatever its row: only a client built on
     * FreeRDP prints its last error so, which tells the client the user runs.
     */
    public record FreerdpForm(ErrorCode.Observation evidence, List<String> sources) {
        public FreerdpForm {
            sources = Copies.list(sources);
        }
    }

    /** FreeRDP's class of the server's error-info codes (ERRINFO). */
    public static final int FREERDP_ERRINFO = 1;

    /** FreeRDP's class of the client's own connection errors (ERRCONNECT). */
    public static final int FREERDP_ERRCONNECT = 2;

    /**
     * What a user gives as the error code when the dialog showed none, as the CredSSP "encryption
     * oracle remediation" dialog does: the session then starts from the message and the answers.
     */
    public static final String NO_CODE = "none";

    private static final Pattern HEX_DIGITS = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern DECIMAL_DIGITS = Pattern.compile("[0-9]+");

    public ErrorCodeTable {
        disconnectReasons = List.copyOf(disconnectReasons);
        extendedReasons = List.copyOf(extendedReasons);
        serverErrorInfo = List.copyOf(serverErrorInfo);
        freerdpConnectErrors = List.copyOf(freerdpConnectErrors);
    }

    /**
     * Decodes the client's "Error code" (disconnect reason), or FreeRDP's last error of either
     * class given in its place, written as FreeRDP prints it ({@code 0x00020008}); {@value
     * #NO_CODE}, in any case, is {@linkplain DecodedCode#isNone no code}.
     */
    public DecodedCode decodeDisconnect(String input) {
        if (input != null && NO_CODE.equalsIgnoreCase(input.trim())) {
            return DecodedCode.NONE;
        }
        IntPredicate known = value -> find(disconnectReasons, value).isPresent();
        Read read = read(input, "error code", known, known);
        int value = read.value();
        Integer freerdp = freerdpClass(read, value);
        if (freerdp != null && find(disconnectReasons, value).isEmpty()) {
            return new DecodedCode(
                    input.trim(),
                    value,
                    read.reading(),
                    freerdpRow(value).orElse(null),
                    null,
                    freerdp);
        }
        return decoded(input, value, read.reading(), disconnectReasons, List.of(), null);
    }

    /**
     * Decodes the "Extended error code". Its numbers mirror the server's error-info codes, so a
     * number typed without {@code 0x} is read the way that names a code of either table, the
     * client's own first (10 is its "fresh credentials required", not the server's 0x10), and the
     * matching server row is found with {@link #serverErrorInfo}. FreeRDP's form of a server
     * error-info code ({@code 0x00010007}) is that code (0x7).
     *
     * @throws IllegalArgumentException when the text is not a 32-bit number, or is FreeRDP's own
     *     connection error ({@code 0x00020008}), which is never an extended code
     */
    public DecodedCode decodeExtended(String input) {
        Read read =
                read(
                        input,
                        "extended error code",
                        value -> find(extendedReasons, value).isPresent(),
                        value -> known(value, extendedReasons, serverErrorInfo));
        int value = read.value();
        Integer freerdp =
                known(value, extendedReasons, serverErrorInfo) ? null : freerdpClass(read, value);
        if (Integer.valueOf(FREERDP_ERRCONNECT).equals(freerdp)) {
            throw new IllegalArgumentException(
                    "extended error code '"
                            + input.trim()
                            + "' is FreeRDP's own connection error (class 2), which FreeRDP"
                            + " reports in place of the error code: give it as the error code,"
                            + " with no extended code");
        }
        return decoded(
                input,
                Integer.valueOf(FREERDP_ERRINFO).equals(freerdp) ? value & 0xFFFF : value,
                read.reading(),
                extendedReasons,
                serverErrorInfo,
                freerdp);
    }

    /**
     * FreeRDP's class of a code read as FreeRDP prints it, with {@code 0x} and class 1 or 2 in the
     * upper 16 bits, else null: the same digits without {@code 0x} stay a code of the dialog or the
     * event log (10007 is the protocol error 0x2717).
     */
    private static Integer freerdpClass(Read read, int value) {
        int upper = value >>> 16;
        return read.prefixed() && (upper == FREERDP_ERRINFO || upper == FREERDP_ERRCONNECT)
                ? upper
                : null;
    }

    /**
     * The row of FreeRDP's last error: for class 1 the server's error-info row, else the extended
     * reason of the same number; for class 2 FreeRDP's own connection error.
     */
    private Optional<ErrorCode> freerdpRow(int value) {
        int code = value & 0xFFFF;
        return switch (value >>> 16) {
            case FREERDP_ERRINFO ->
                    find(serverErrorInfo, code).or(() -> find(extendedReasons, code));
            case FREERDP_ERRCONNECT -> find(freerdpConnectErrors, code);
            default -> Optional.empty();
        };
    }

    /**
     * FreeRDP's last error for the name of one of its connection errors ({@code
     * ERRCONNECT_TLS_CONNECT_FAILED}) or of a server's error-info code ({@code
     * ERRINFO_IDLE_TIMEOUT}), in any case, written as FreeRDP prints it: {@code 0x00020008}, {@code
     * 0x00010003}.
     */
    public Optional<String> freerdpCode(String name) {
        return named(freerdpConnectErrors, name)
                .map(row -> FREERDP_ERRCONNECT << 16 | row.decimal())
                .or(
                        () ->
                                named(serverErrorInfo, name)
                                        .map(row -> FREERDP_ERRINFO << 16 | row.decimal()))
                .map("0x%08X"::formatted);
    }

    private static Optional<ErrorCode> named(List<ErrorCode> rows, String name) {
        return rows.stream().filter(row -> name.equalsIgnoreCase(row.name())).findFirst();
    }

    /**
     * The codes of an error dialog decoded, as the API's {@code /decode} and {@code decode --json}
     * show them: {@code error}, and {@code extended} when one is given (with {@code serverName}
     * when the server sends that code by a name of its own); {@code conflict} says why a session
     * would refuse the pair, when the extended code {@linkplain DecodedCode#contradiction
     * contradicts} FreeRDP's last error.
     *
     * @param extended the extended error code, or null or blank when the dialog showed none
     * @throws IllegalArgumentException when a code is not a 32-bit number in either form
     */
    public Map<String, Object> describe(String code, String extended) {
        Map<String, Object> out = new LinkedHashMap<>();
        DecodedCode error = decodeDisconnect(code);
        out.put("error", view(error));
        if (extended != null && !extended.isBlank()) {
            DecodedCode ext = decodeExtended(extended);
            Map<String, Object> view = view(ext);
            serverErrorInfo(ext.value()).ifPresent(info -> view.put("serverName", info.name()));
            out.put("extended", view);
            error.conflict(ext).ifPresent(why -> out.put("conflict", why));
        }
        return out;
    }

    private static Map<String, Object> view(DecodedCode code) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("input", code.input());
        view.put("hex", code.hex());
        view.put("shown", code.shown());
        view.put("decimal", code.decimal());
        view.put("reading", code.reading());
        view.put("known", code.isKnown());
        view.put("name", code.name());
        view.put("meaning", code.meaning());
        view.put("sources", code.sources());
        return view;
    }

    /** The tables by their names in {@code error-codes.yaml}, in the file's order. */
    public Map<String, List<ErrorCode>> tables() {
        Map<String, List<ErrorCode>> tables = new LinkedHashMap<>();
        tables.put(DISCONNECT_REASONS, disconnectReasons);
        tables.put(EXTENDED_REASONS, extendedReasons);
        tables.put(SERVER_ERROR_INFO, serverErrorInfo);
        tables.put(FREERDP_CONNECT_ERRORS, freerdpConnectErrors);
        return tables;
    }

    /**
     * Whether {@code a} and {@code b} are the same error code however each is written (2308 is
     * 0x904); false when either is missing or does not decode.
     */
    public boolean sameError(String a, String b) {
        return same(a, b, this::decodeDisconnect);
    }

    /**
     * Whether {@code a} and {@code b} are the same extended error code however each is written;
     * false when either is missing or does not decode.
     */
    public boolean sameExtended(String a, String b) {
        return same(a, b, this::decodeExtended);
    }

    private static boolean same(String a, String b, Function<String, DecodedCode> decode) {
        if (a == null || b == null || a.isBlank() || b.isBlank()) {
            return false;
        }
        try {
            return decode.apply(a).value() == decode.apply(b).value();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether an error code of this value has a row: a disconnect reason, or FreeRDP's. */
    public boolean knowsErrorCode(int value) {
        return find(disconnectReasons, value).isPresent() || freerdpRow(value).isPresent();
    }

    /** The server error-info row with the same number, if any. */
    public Optional<ErrorCode> serverErrorInfo(int code) {
        return find(serverErrorInfo, code);
    }

    /**
     * A code's value and how its text was read: {@code hex} or {@code decimal}, and whether it was
     * written with {@code 0x}.
     */
    private record Read(int value, String reading, boolean prefixed) {}

    /**
     * Reads a code as a user typed it. With {@code 0x} it is hex. Without, the dialog's form (hex)
     * is tried first and the event log's form (decimal) second: the reading that names a code of
     * the {@code preferred} table wins, else the one that names a {@code known} code, hex when both
     * or neither do, decimal when only decimal fits in 32 bits.
     *
     * @param label what the code is, to name it in the message
     * @param preferred tells a code of the table the field is first read with
     * @param known tells a code that has a row in any table the field is read with
     * @throws IllegalArgumentException when the text is not a 32-bit number in either form
     */
    private static Read read(
            String input, String label, IntPredicate preferred, IntPredicate known) {
        String text = input == null ? "" : input.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("0x")) {
            return new Read(parse(input, text.substring(2), 16, label), "hex", true);
        }
        Optional<Integer> hex = tryParse(text, 16);
        Optional<Integer> decimal = tryParse(text, 10);
        if (decimal.isPresent()
                && (hex.isEmpty()
                        || onlyDecimalIn(preferred, hex.get(), decimal.get())
                        || !preferred.test(hex.get())
                                && onlyDecimalIn(known, hex.get(), decimal.get()))) {
            return new Read(decimal.get(), "decimal", false);
        }
        return new Read(parse(input, text, 16, label), "hex", false);
    }

    private static boolean onlyDecimalIn(IntPredicate table, int hex, int decimal) {
        return table.test(decimal) && !table.test(hex);
    }

    /** The code with its row, or, when {@code table} lacks it, the row of {@code alsoKnown}. */
    private static DecodedCode decoded(
            String input,
            int value,
            String reading,
            List<ErrorCode> table,
            List<ErrorCode> alsoKnown,
            Integer freerdpClass) {
        Optional<ErrorCode> entry = find(table, value);
        return new DecodedCode(
                input.trim(),
                value,
                reading,
                entry.orElse(null),
                entry.isPresent() ? null : find(alsoKnown, value).orElse(null),
                freerdpClass);
    }

    private static boolean known(int value, List<ErrorCode> table, List<ErrorCode> alsoKnown) {
        return find(table, value).isPresent() || find(alsoKnown, value).isPresent();
    }

    private static Optional<ErrorCode> find(List<ErrorCode> table, int value) {
        for (ErrorCode code : table) {
            if (code.covers(value)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads ASCII digits of the radix as an unsigned 32-bit number. A sign, or a digit of another
     * script (such as a full-width 9), which {@link Integer#parseUnsignedInt} would take, is not a
     * code anyone sees in a dialog or a log.
     */
    static Optional<Integer> tryParse(String digits, int radix) {
        if (!(radix == 16 ? HEX_DIGITS : DECIMAL_DIGITS).matcher(digits).matches()) {
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
                                                                + " (2308)"
                                                                + (label.equals("error code")
                                                                        ? ", or none when the"
                                                                                + " dialog showed"
                                                                                + " no code"
                                                                        : ""))));
    }
}
