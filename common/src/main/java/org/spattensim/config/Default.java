package org.spattensim.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Default for a record component that a configuration file may leave out, written as YAML
 * ({@code @Default("16")}, {@code @Default("[0.1, 0.2]")}, {@code @Default("OPEN")}). A component
 * without it (and not {@code Optional}) is required.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Default {
    String value();
}
