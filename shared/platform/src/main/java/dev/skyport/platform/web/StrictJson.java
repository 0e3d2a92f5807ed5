package dev.skyport.platform.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.skyport.kernel.DomainException;
import io.micronaut.core.annotation.AnnotatedElement;
import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.beans.BeanProperty;
import io.micronaut.core.reflect.InstantiationUtils;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.PropertyNamingStrategy;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a request body strictly, before any codec converts it: one JSON document, no key twice in an object, and
 * every value of the JSON type its field is declared with. {@code "3"} is not a number, {@code 1.9} and {@code 1.0}
 * are not integers, {@code 1} is not {@code true}, {@code 12345} is not a string. A refusal is a 400
 * {@code malformed-request} naming the field as {@code node_groups[0].min_size}, the way the strict
 * {@code PATCH /clusters/{id}} reader names them.
 *
 * <p>The declared types are those the codec binds to: a {@code @Serdeable} record's properties, under the JSON names
 * its naming strategy and {@code @JsonProperty} give them; lists, maps and {@code Optional} of those. A field the
 * record does not declare is left to the codec (ignored), and {@code Object}, {@code Map<String, Object>} values and
 * types this class does not know accept any JSON. {@code null} is accepted anywhere: which fields are required is
 * the use cases' to say.
 */
public final class StrictJson {

    /**
     * No body the API reads nests anywhere near this deep: the parser itself refuses a deeper one, in fields this
     * class skips as well as in those it checks.
     */
    static final int MAX_DEPTH = 32;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();
    private static final Set<Class<?>> INTEGERS = Set.of(int.class, Integer.class, long.class, Long.class,
            short.class, Short.class, byte.class, Byte.class, BigInteger.class);
    private static final Set<Class<?>> NUMBERS = Set.of(double.class, Double.class, float.class, Float.class,
            BigDecimal.class, Number.class);
    private static final Set<Class<?>> TEXTS = Set.of(String.class, CharSequence.class, char.class,
            Character.class, UUID.class, URI.class);
    private static final String SERDE_CONFIG = "io.micronaut.serde.config.annotation.SerdeConfig";
    private static final String JSON_PROPERTY = "com.fasterxml.jackson.annotation.JsonProperty";
    private static final String JSON_VALUE = "com.fasterxml.jackson.annotation.JsonValue";
    private static final String JSON_CREATOR = "com.fasterxml.jackson.annotation.JsonCreator";
    private static final Map<Class<?>, Map<String, BeanProperty<?, ?>>> FIELDS = new ConcurrentHashMap<>();

    private StrictJson() {
    }

    /**
     * Checks {@code body} against {@code type}, as a codec is about to read it; an empty body is left to the caller
     * (a route says itself whether it needs one).
     *
     * @throws DomainException {@code malformed-request}, naming the field, when the body is not one JSON document
     *                         of the declared types
     */
    public static void check(byte[] body, Argument<?> type) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return;
            }
            value(parser, first, type, "");
            if (parser.nextToken() != null) {
                throw malformed("the body holds more than one JSON document: send exactly one");
            }
        } catch (StreamConstraintsException tooDeep) {
            throw malformed("the body nests deeper than " + MAX_DEPTH + " levels");
        } catch (JsonProcessingException notJson) {
            throw malformed("the body is not valid JSON");
        } catch (IOException unreadable) {
            throw malformed("the body could not be read");
        }
    }

    private static void value(JsonParser parser, JsonToken token, Argument<?> type, String path)
            throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        Class<?> declared = type.getType();
        if (declared == Optional.class) {
            value(parser, token, type.getFirstTypeVariable().orElse(Argument.OBJECT_ARGUMENT), path);
            return;
        }
        Expected expected = expected(type);
        switch (token) {
            case START_OBJECT -> {
                if (expected != Expected.OBJECT && expected != Expected.MAP && expected != Expected.ANY) {
                    throw typed(path, expected);
                }
                object(parser, type, expected, path);
            }
            case START_ARRAY -> {
                if (expected != Expected.ARRAY && expected != Expected.ANY) {
                    throw typed(path, expected);
                }
                Argument<?> element = declared.isArray()
                        ? Argument.of(declared.getComponentType())
                        : type.getFirstTypeVariable().orElse(Argument.OBJECT_ARGUMENT);
                int index = 0;
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    value(parser, next, expected == Expected.ANY ? Argument.OBJECT_ARGUMENT : element,
                            path + "[" + index++ + "]");
                }
            }
            case VALUE_STRING -> require(expected == Expected.TEXT || expected == Expected.ANY, path, expected);
            case VALUE_TRUE, VALUE_FALSE -> require(expected == Expected.BOOLEAN || expected == Expected.ANY, path,
                    expected);
            case VALUE_NUMBER_INT -> {
                require(expected == Expected.INTEGER || expected == Expected.NUMBER || expected == Expected.ANY, path,
                        expected);
                if (expected == Expected.INTEGER && !fits(parser.getBigIntegerValue(), declared)) {
                    throw malformed(name(path) + " must be an integer of reasonable size");
                }
            }
            case VALUE_NUMBER_FLOAT -> require(expected == Expected.NUMBER || expected == Expected.ANY, path,
                    expected);
            default -> throw malformed("the body is not valid JSON");
        }
    }

    private static void object(JsonParser parser, Argument<?> type, Expected expected, String path)
            throws IOException {
        Map<String, BeanProperty<?, ?>> fields = expected == Expected.OBJECT ? fields(type.getType()) : Map.of();
        Argument<?> values = expected == Expected.MAP
                ? type.getTypeVariable("V").orElse(Argument.OBJECT_ARGUMENT) : Argument.OBJECT_ARGUMENT;
        Set<String> seen = new HashSet<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
            String key = parser.currentName();
            String field = path.isEmpty() ? key : path + "." + key;
            if (!seen.add(key)) {
                throw malformed(field + " appears more than once: send each field once");
            }
            JsonToken value = parser.nextToken();
            if (expected == Expected.OBJECT) {
                BeanProperty<?, ?> property = fields.get(key);
                if (property == null) {
                    parser.skipChildren();
                    continue;
                }
                value(parser, value, property.asArgument(), field);
            } else {
                value(parser, value, values, field);
            }
        }
    }

    private enum Expected {
        TEXT("a string"), BOOLEAN("true or false"), INTEGER("an integer"), NUMBER("a number"),
        ARRAY("an array"), MAP("an object"), OBJECT("an object"), ANY("any JSON value");

        private final String words;

        Expected(String words) {
            this.words = words;
        }
    }

    private static Expected expected(Argument<?> type) {
        Class<?> declared = type.getType();
        if (TEXTS.contains(declared) || declared.isEnum() || Temporal.class.isAssignableFrom(declared)
                || TemporalAmount.class.isAssignableFrom(declared)) {
            return Expected.TEXT;
        }
        if (declared == boolean.class || declared == Boolean.class) {
            return Expected.BOOLEAN;
        }
        if (INTEGERS.contains(declared)) {
            return Expected.INTEGER;
        }
        if (NUMBERS.contains(declared)) {
            return Expected.NUMBER;
        }
        if ((declared.isArray() && declared != byte[].class) || Iterable.class.isAssignableFrom(declared)) {
            return Expected.ARRAY;
        }
        if (Map.class.isAssignableFrom(declared)) {
            return Expected.MAP;
        }
        if (BeanIntrospector.SHARED.findIntrospection(declared).filter(StrictJson::deserializable).isPresent()) {
            return Expected.OBJECT;
        }
        return Expected.ANY;
    }

    /** A bean the codec reads from a JSON object: not one it reads from a single value (a delegating creator). */
    private static boolean deserializable(BeanIntrospection<?> introspection) {
        if (!introspection.hasStereotype(Serdeable.Deserializable.class)
                && !introspection.hasStereotype(Serdeable.class)) {
            return false;
        }
        boolean singleValue = introspection.getBeanProperties().stream().anyMatch(property ->
                property.hasAnnotation(JSON_VALUE))
                || introspection.getBeanMethods().stream().anyMatch(method -> method.getAnnotationMetadata().hasAnnotation(JSON_VALUE))
                || introspection.getConstructor().getAnnotationMetadata().hasAnnotation(JSON_CREATOR)
                && introspection.getConstructorArguments().length == 1
                && !introspection.getConstructorArguments()[0].isAnnotationPresent(JSON_PROPERTY);
        return !singleValue;
    }

    /** The properties of a record by the JSON names the codec reads them under. */
    private static Map<String, BeanProperty<?, ?>> fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, StrictJson::introspect);
    }

    private static Map<String, BeanProperty<?, ?>> introspect(Class<?> type) {
        Optional<? extends BeanIntrospection<?>> found = BeanIntrospector.SHARED.findIntrospection(type);
        if (found.isEmpty()) {
            return Map.of();
        }
        BeanIntrospection<?> introspection = found.get();
        PropertyNamingStrategy naming = introspection.classValue(SERDE_CONFIG, "naming")
                .or(() -> introspection.classValue(Serdeable.class, "naming"))
                .filter(PropertyNamingStrategy.class::isAssignableFrom)
                .<Object>flatMap(InstantiationUtils::tryInstantiate).map(PropertyNamingStrategy.class::cast)
                .orElse(PropertyNamingStrategy.IDENTITY);
        Map<String, BeanProperty<?, ?>> fields = new ConcurrentHashMap<>();
        for (BeanProperty<?, ?> property : introspection.getBeanProperties()) {
            fields.put(jsonName(property, naming), property);
        }
        return Map.copyOf(fields);
    }

    private static String jsonName(BeanProperty<?, ?> property, PropertyNamingStrategy naming) {
        return property.stringValue(JSON_PROPERTY)
                .or(() -> property.stringValue(SERDE_CONFIG, "property"))
                .filter(name -> !name.isEmpty())
                .orElseGet(() -> naming.translate((AnnotatedElement) property));
    }

    private static boolean fits(BigInteger value, Class<?> declared) {
        if (declared == BigInteger.class) {
            return value.bitLength() <= 256;
        }
        long min;
        long max;
        if (declared == int.class || declared == Integer.class) {
            min = Integer.MIN_VALUE;
            max = Integer.MAX_VALUE;
        } else if (declared == short.class || declared == Short.class) {
            min = Short.MIN_VALUE;
            max = Short.MAX_VALUE;
        } else if (declared == byte.class || declared == Byte.class) {
            min = Byte.MIN_VALUE;
            max = Byte.MAX_VALUE;
        } else {
            min = Long.MIN_VALUE;
            max = Long.MAX_VALUE;
        }
        return value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0;
    }

    private static void require(boolean matches, String path, Expected expected) {
        if (!matches) {
            throw typed(path, expected);
        }
    }

    private static DomainException typed(String path, Expected expected) {
        return malformed(name(path) + " must be " + expected.words);
    }

    private static String name(String path) {
        return path.isEmpty() ? "the body" : path;
    }

    private static DomainException malformed(String detail) {
        return DomainException.invalid("malformed-request", detail);
    }
}
