package org.rdpdoctor.kb;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.Map;

/**
 * What a value of the wrong type in a knowledge file or a request body must be instead, in the
 * words of its editor or client rather than Jackson's class names.
 */
public final class WrongType {
    private WrongType() {}

    /**
     * "it must be a string", "it must be a list", ...; Jackson's own first line when the type it
     * wanted is not known.
     */
    public static String expected(JsonMappingException e) {
        Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        String kind = type == null ? null : kind(type);
        return kind == null ? e.getOriginalMessage().split("\n")[0] : "it must be " + kind;
    }

    private static String kind(Class<?> type) {
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class
                || type == Short.class
                || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of fields";
        }
        return null;
    }
}
