package org.rdpdoctor.kb;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A code as the user typed it and what it means.
 *
 * @param reading how the text was read: {@code hex} or {@code decimal}
 * @param entry the table row, or null for a code the tables do not know
 * @param server for an extended code the client's table lacks, the server's error-info row of the
 *     same number, else null: it then gives the name and meaning
 * @param freerdpClass the class when the code was given as FreeRDP's last error ({@link
 *     ErrorCodeTable#FREERDP_ERRINFO} or {@link ErrorCodeTable#FREERDP_ERRCONNECT}), else null
 */
public record DecodedCode(
        String input,
        int value,
        String reading,
        ErrorCode entry,
        ErrorCode server,
        Integer freerdpClass) {
    /**
     * The error code of a dialog that showed none ({@link ErrorCodeTable#NO_CODE}): the number 0,
     * the client's "no reason information", which no rule reads as a cause.
     */
    public static final DecodedCode NONE =
            new DecodedCode(ErrorCodeTable.NO_CODE, 0, ErrorCodeTable.NO_CODE, null, null, null);

    public DecodedCode {
        Objects.requireNonNull(input, "input");
    }

    /** The code as a sentence names it: {@link #shown}, or the dialog that showed none. */
    public String named() {
        return isNone() ? "the dialog that showed no code" : shown();
    }

    /** Whether this stands for a dialog that showed no error code. */
    public boolean isNone() {
        return ErrorCodeTable.NO_CODE.equals(reading);
    }

    public String hex() {
        return hex(value);
    }

    /** The code as the event log writes it: a 32-bit code read unsigned, 0 to 4294967295. */
    public long decimal() {
        return Integer.toUnsignedLong(value);
    }

    /** A code as the dialog shows it: {@code 0x904}. */
    public static String hex(int code) {
        return "0x" + Integer.toHexString(code).toUpperCase(Locale.ROOT);
    }

    /** Whether the code has a row, or is {@linkplain #isNone none}, which needs none. */
    public boolean isKnown() {
        return entry != null || isNone();
    }

    public String name() {
        return isNone()
                ? "none"
                : entry != null ? entry.name() : server != null ? server.name() : "unknown";
    }

    public String meaning() {
        if (isNone()) {
            return "The dialog showed no error code: its message and the answers tell the causes"
                    + " apart.";
        }
        String meaning =
                entry != null
                        ? entry.meaning()
                        : server != null
                                ? server.meaning()
                                        + " (the server's error-info code; not among the client's"
                                        + " extended reasons)"
                                : "not in the code tables";
        if (freerdpClass == null) {
            return meaning;
        }
        return meaning
                + (freerdpClass == ErrorCodeTable.FREERDP_ERRINFO
                        ? " (FreeRDP's last error of class 1, ERRINFO: the server's error-info code "
                        : " (FreeRDP's last error of class 2, ERRCONNECT: the client's own"
                                + " connection error ")
                + hex(value & 0xFFFF)
                + ")";
    }

    /**
     * The server's error-info code this code carries, FreeRDP's class 1 in the place of the error
     * code, else 0 (none): FreeRDP reports the server's reason where Windows' client shows the
     * extended code.
     */
    public int errorInfo() {
        return carriesServerReason() ? value & 0xFFFF : 0;
    }

    /**
     * The code as its client writes it: FreeRDP's whole last error in eight digits ({@code
     * 0x00020005}, also for a class 1 code read as the extended code), {@code none} for {@link
     * #NONE}, else {@link #hex}.
     */
    public String shown() {
        if (isNone()) {
            return ErrorCodeTable.NO_CODE;
        }
        return freerdpClass == null
                ? hex()
                : String.format("0x%08X", (freerdpClass << 16) | (value & 0xFFFF));
    }

    /**
     * Whether an extended code given beside this error code is its own: beside FreeRDP's last
     * error, which is the whole report, only the server reason a class 1 code carries ({@link
     * #errorInfo}) is; beside Windows' error code, any is.
     */
    public boolean takes(DecodedCode extended) {
        Objects.requireNonNull(extended, "extended");
        if (isNone()) {
            return false;
        }
        return freerdpClass == null || carriesServerReason() && extended.value() == errorInfo();
    }

    /** Whether this is FreeRDP's class 1 code, which carries the server's reason, even 0x0. */
    private boolean carriesServerReason() {
        return Integer.valueOf(ErrorCodeTable.FREERDP_ERRINFO).equals(freerdpClass);
    }

    /**
     * Whether an extended code given beside this error code comes from another report: one this
     * code does not {@linkplain #takes take}, other than 0 (none); beside {@linkplain #isNone no
     * code}, any, 0 too.
     */
    public boolean contradictedBy(DecodedCode extended) {
        return extended != null && (isNone() || extended.value() != 0 && !takes(extended));
    }

    /**
     * What is wrong with an extended code that {@linkplain #contradictedBy contradicts} this code,
     * in words that name both; empty when it does not.
     */
    public Optional<String> contradiction(DecodedCode extended) {
        if (!contradictedBy(extended)) {
            return Optional.empty();
        }
        if (isNone()) {
            return Optional.of(
                    "%s cannot come without an error code: a dialog that shows no error code shows"
                                    .formatted(extended.shown())
                            + " no extended code either");
        }
        return Optional.of(
                carriesServerReason()
                        ? "%s disagrees with the error code %s, which is FreeRDP's report of the"
                                        .formatted(extended.shown(), shown())
                                + " server's reason "
                                + hex(errorInfo())
                        : "%s cannot come with the error code %s, FreeRDP's report of its own"
                                        .formatted(extended.shown(), shown())
                                + " connection error: FreeRDP reports one last error and no"
                                + " extended code");
    }

    /** What to give in place of an extended code that {@linkplain #contradictedBy contradicts}. */
    public String remedy() {
        return isNone()
                ? "give the error code the dialog showed beside it, or no extended code"
                : carriesServerReason()
                        ? "give the extended code of the same failure, or none"
                        : "give none";
    }

    /**
     * Why a session refuses this code beside {@code extended}, and what to give instead, as {@code
     * decode} says it before a session is started; empty when it does not refuse them.
     */
    public Optional<String> conflict(DecodedCode extended) {
        return contradiction(extended)
                .map(why -> why + ": a session refuses the pair; " + remedy());
    }

    public List<String> sources() {
        return entry != null ? entry.sources() : server != null ? server.sources() : List.of();
    }
}
