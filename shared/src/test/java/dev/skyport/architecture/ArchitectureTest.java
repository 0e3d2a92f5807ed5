package dev.skyport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.skyport");
    }

    @Test
    void the_packages_the_rules_speak_of_exist() {
        assertThat(classes.stream().map(c -> c.getPackageName()))
                .contains("dev.skyport.identity.domain", "dev.skyport.identity.application", "dev.skyport.kernel");
    }

    @Test
    void domain_and_application_code_know_neither_micronaut_nor_the_aws_sdk() {
        // Micronaut's generated bean definitions ($Foo$Definition) live beside the classes; they are not ours.
        noClasses().that().resideInAnyPackage("dev.skyport.kernel..", "..domain..", "..application..")
                .and().haveNameNotMatching(".*\\.\\$.*")
                .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "software.amazon..",
                        "com.nimbusds..", "com.password4j..")
                .check(classes);
    }

    @Test
    void domain_does_not_depend_on_application_or_adapters() {
        noClasses().that().resideInAPackage("..domain..").and().haveNameNotMatching(".*\\.\\$.*")
                .should().dependOnClassesThat().resideInAnyPackage("..application..", "..adapter..", "..platform..")
                .check(classes);
    }

    @Test
    void application_does_not_reach_into_adapters() {
        noClasses().that().resideInAPackage("..application..").and().haveNameNotMatching(".*\\.\\$.*")
                .should().dependOnClassesThat().resideInAnyPackage("..adapter..", "..platform..")
                .check(classes);
    }
}
