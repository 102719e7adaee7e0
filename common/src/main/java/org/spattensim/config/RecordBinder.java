package org.spattensim.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.spattensim.common.InvalidInputException;

/**
 * Binds a YAML tree to parameter records, strictly: keys are the record component names; an unknown
 * key, a missing required key, a wrong type or a non-finite number is an {@link InvalidInputException}
 * naming the source, the dotted key path and what was expected. Validation errors thrown by a record's
 * constructor are re-thrown with the source and the key path of that record prefixed.
 *
 * <p>Supported types: records (nested), primitives and their boxes, String, enums (case-insensitive),
 * {@code List<T>}, {@code Map<String, T>}, primitive and object arrays, {@code Optional<T>},
 * {@link JsonNode} (passed through). Missing components take their {@link Default}; {@code Optional}
 * components default to empty.
 */
public final class RecordBinder {
    private RecordBinder() {}

    public static <T> T bind(JsonNode node, Class<T> type, String source) {
        @SuppressWarnings("unchecked")
        T value = (T) bindValue(node, type, "", source);
        return value;
    }

    private static Object bindValue(JsonNode node, Type type, String path, String source) {
        Class<?> raw = rawClass(type);
        if (JsonNode.class.isAssignableFrom(raw)) {
            return node;
        }
        if (raw == Optional.class) {
            return node == null || node.isNull() ? Optional.empty()
                    : Optional.of(bindValue(node, typeArg(type, 0), path, source));
        }
        if (node == null || node.isNull()) {
            throw error(source, path, "has no value", describe(type));
        }
        if (raw.isRecord()) {
            return bindRecord(node, raw, path, source);
        }
        if (raw == List.class) {
            return Collections.unmodifiableList(bindList(node, typeArg(type, 0), path, source));
        }
        if (raw == Map.class) {
            return bindMap(node, typeArg(type, 1), path, source);
        }
        if (raw.isArray()) {
            List<Object> items = bindList(node, raw.getComponentType(), path, source);
            Object array = Array.newInstance(raw.getComponentType(), items.size());
            for (int i = 0; i < items.size(); i++) {
                Array.set(array, i, items.get(i));
            }
            return array;
        }
        if (raw.isEnum()) {
            return bindEnum(node, raw, path, source);
        }
        return bindScalar(node, raw, path, source);
    }

    private static Object bindRecord(JsonNode node, Class<?> type, String path, String source) {
        if (!node.isObject()) {
            throw error(source, path, "is " + kind(node), "a mapping with keys " + componentNames(type));
        }
        RecordComponent[] components = type.getRecordComponents();
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        for (RecordComponent c : components) {
            byName.put(c.getName(), c);
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!byName.containsKey(key)) {
                throw error(source, join(path, key), "unknown key", "one of " + byName.keySet());
            }
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            String childPath = join(path, c.getName());
            JsonNode child = node.get(c.getName());
            if (child == null) {
                Default d = c.getAnnotation(Default.class);
                if (d != null) {
                    child = parseDefault(d.value(), type, c);
                } else if (c.getType() != Optional.class) {
                    throw error(source, childPath, "is missing", describe(c.getGenericType()));
                }
            }
            args[i] = bindValue(child, c.getGenericType(), childPath, source);
        }
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidInputException || cause instanceof IllegalArgumentException) {
                String where = path.isEmpty() ? source : source + ": " + path;
                throw new InvalidInputException(where + ": " + cause.getMessage(), cause);
            }
            throw new IllegalStateException("constructor of " + type.getName() + " failed", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private static JsonNode parseDefault(String yaml, Class<?> owner, RecordComponent c) {
        try {
            return YamlConfig.mapper().readTree("v: " + yaml).get("v");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad @Default on " + owner.getName() + "." + c.getName(), e);
        }
    }

    private static List<Object> bindList(JsonNode node, Type element, String path, String source) {
        if (!node.isArray()) {
            throw error(source, path, "is " + kind(node), "a list of " + describe(element));
        }
        List<Object> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(bindValue(node.get(i), element, path + "[" + i + "]", source));
        }
        return out;
    }

    private static Map<String, Object> bindMap(JsonNode node, Type valueType, String path, String source) {
        if (!node.isObject()) {
            throw error(source, path, "is " + kind(node), "a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), bindValue(e.getValue(), valueType, join(path, e.getKey()), source)));
        return Collections.unmodifiableMap(out);
    }

    private static Object bindEnum(JsonNode node, Class<?> type, String path, String source) {
        Object[] constants = type.getEnumConstants();
        String expected = "one of " + Arrays.stream(constants).map(Object::toString).collect(Collectors.toList());
        if (!node.isTextual()) {
            throw error(source, path, "is " + kind(node), expected);
        }
        String text = node.asText().trim().replace('-', '_');
        for (Object c : constants) {
            if (((Enum<?>) c).name().equalsIgnoreCase(text)) {
                return c;
            }
        }
        throw error(source, path, "'" + node.asText() + "' is not a known value", expected);
    }

    private static Object bindScalar(JsonNode node, Class<?> type, String path, String source) {
        if (type == String.class) {
            if (!node.isValueNode()) {
                throw error(source, path, "is " + kind(node), "text");
            }
            return node.asText();
        }
        if (type == boolean.class || type == Boolean.class) {
            if (!node.isBoolean()) {
                throw error(source, path, "is " + kind(node), "true or false");
            }
            return node.booleanValue();
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            boolean isInt = type == int.class || type == Integer.class;
            if (!node.isIntegralNumber() || (isInt && !node.canConvertToInt()) || !node.canConvertToLong()) {
                throw error(source, path, "is " + kind(node), isInt ? "an integer (32-bit)" : "an integer");
            }
            return isInt ? (Object) node.intValue() : (Object) node.longValue();
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            if (!node.isNumber()) {
                throw error(source, path, "is " + kind(node), "a number");
            }
            double v = node.doubleValue();
            if (!Double.isFinite(v)) {
                throw error(source, path, "is " + v, "a finite number");
            }
            return type == float.class || type == Float.class ? (Object) (float) v : (Object) v;
        }
        throw new IllegalStateException("configuration type not supported: " + type.getName() + " at " + path);
    }

    private static InvalidInputException error(String source, String path, String problem, String expected) {
        return InvalidInputException.of(source, path.isEmpty() ? "(top level)" : path, problem, expected);
    }

    private static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "text '" + node.asText() + "'";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.getNodeType().toString().toLowerCase() + " " + node;
    }

    private static String describe(Type type) {
        Class<?> raw = rawClass(type);
        if (raw.isRecord()) {
            return "a mapping with keys " + componentNames(raw);
        }
        if (raw == List.class || raw.isArray()) {
            return "a list";
        }
        if (raw.isEnum()) {
            return "one of " + Arrays.toString(raw.getEnumConstants());
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "an integer";
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return "a number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        return raw.getSimpleName();
    }

    private static List<String> componentNames(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toList());
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("configuration type not supported: " + type);
    }

    private static Type typeArg(Type type, int i) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[i];
        }
        return Object.class;
    }
}
