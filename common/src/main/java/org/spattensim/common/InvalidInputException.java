package org.spattensim.common;

/**
 * Bad input from the user: a corrupt or truncated file, a wrong shape, an unknown configuration key,
 * an impossible value. The message alone must tell the user what is wrong: it names the file (or
 * source), the field and what was expected. The CLI prints it without a stack trace and exits with 2.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Builds the conventional message: {@code <source>: <field>: <problem>; expected <expected>}. */
    public static InvalidInputException of(String source, String field, String problem, String expected) {
        StringBuilder sb = new StringBuilder();
        if (source != null && !source.isEmpty()) {
            sb.append(source).append(": ");
        }
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        sb.append(problem);
        if (expected != null && !expected.isEmpty()) {
            sb.append("; expected ").append(expected);
        }
        return new InvalidInputException(sb.toString());
    }
}
