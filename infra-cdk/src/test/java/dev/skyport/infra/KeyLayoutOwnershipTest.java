package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tables' key layout lives in the Java of the context that owns each table (ClusterKeys, UserKeys,
 * DynamoDbConnections); the infrastructure names it through those constants and the Terraform task never learns it.
 * A key prefix written as a literal here (say {@code "USER#*"}) would be a second copy that drifts.
 */
class KeyLayoutOwnershipTest {

    /** A quoted key prefix such as "USER#", "CLUSTER#..." or 'RUN#'. */
    private static final Pattern KEY_LITERAL = Pattern.compile("[\"'][A-Z][A-Z_]*#");

    @Test
    void neither_the_cdk_app_nor_the_terraform_entry_script_writes_a_table_key_prefix() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                scan(source, found);
            }
        }
        scan(Path.of("terraform-image/skyport-run.sh"), found);
        assertThat(found).as("key prefixes written outside their owners").isEmpty();
    }

    @Test
    void the_check_finds_a_key_prefix_when_there_is_one() {
        assertThat(KEY_LITERAL.matcher("Map.of(PK, List.of(\"USER#*\"))").find()).isTrue();
        assertThat(KEY_LITERAL.matcher("jq -r '.pk' <<< 'CLUSTER#x'").find()).isTrue();
        assertThat(KEY_LITERAL.matcher("\"#!/bin/bash\" and \"CIDR #1\"").find()).isFalse();
    }

    private static void scan(Path file, List<String> found) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            Matcher matcher = KEY_LITERAL.matcher(lines.get(i));
            if (matcher.find()) {
                found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
        }
    }
}
