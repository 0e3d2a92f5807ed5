package dev.skyport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.micronaut.http.annotation.Controller;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules, checked over every module of the reactor: the local platform's test classpath holds the
 * main classes of every context module, every function and the operator's tools. A rule whose "that" matches nothing
 * fails ({@code archRule.failOnEmptyShould=true} in archunit.properties), and the packages it names are checked to
 * exist, so a rename cannot quietly turn a rule off.
 */
class ArchitectureTest {

    /** Each bounded context: the packages of its library module and of the functions that serve it. */
    private static final List<Context> CONTEXTS = List.of(
            new Context("identity", "dev.skyport.identity..", "dev.skyport.auth..", "dev.skyport.accounts.."),
            new Context("cloudaccounts", "dev.skyport.cloudaccounts.."),
            new Context("clusters", "dev.skyport.clusters.."),
            new Context("notifications", "dev.skyport.notifications.."));

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/skyport-testing")
                        && !location.contains("-tests.jar"))
                .importPackages("dev.skyport");
    }

    @Test
    void every_module_is_imported_and_the_packages_the_rules_speak_of_exist() {
        Set<String> packages = classes.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
        assertThat(packages).contains(
                "dev.skyport.kernel", "dev.skyport.platform.web", "dev.skyport.platform.dynamodb",
                "dev.skyport.identity.domain", "dev.skyport.identity.application",
                "dev.skyport.identity.adapter.dynamodb", "dev.skyport.identity.config",
                "dev.skyport.cloudaccounts.domain", "dev.skyport.cloudaccounts.application",
                "dev.skyport.cloudaccounts.adapter.dynamodb", "dev.skyport.cloudaccounts.config",
                "dev.skyport.clusters.domain", "dev.skyport.clusters.config",
                "dev.skyport.clusters.application", "dev.skyport.clusters.adapter.dynamodb",
                "dev.skyport.auth.web", "dev.skyport.accounts.web", "dev.skyport.cloudaccounts.web",
                "dev.skyport.clusters.web", "dev.skyport.clusters.adapter.stepfunctions",
                "dev.skyport.clusters.adapter.cloudaccounts", "dev.skyport.notifications.domain",
                "dev.skyport.notifications.application", "dev.skyport.notifications.adapter.dynamodb",
                "dev.skyport.notifications.web", "dev.skyport.notifications.adapter.websocket", "dev.skyport.realtime",
                "dev.skyport.realtime.adapter",
                "dev.skyport.local", "dev.skyport.local.events", "dev.skyport.local.mail",
                "dev.skyport.local.provisioning", "dev.skyport.local.web", "dev.skyport.tools", "dev.skyport.console",
                "dev.skyport.audit.domain", "dev.skyport.audit.application", "dev.skyport.audit.adapter.dynamodb",
                "dev.skyport.audit.config");
        assertThat(packages).as("test fixtures are not architecture").doesNotContain("dev.skyport.testing");
    }

    @Test
    void domain_and_application_code_know_neither_micronaut_nor_the_aws_sdk() {
        noClasses().that().resideInAnyPackage("dev.skyport.kernel..", "..domain..", "..application..")
                .and().haveNameNotMatching(GENERATED)
                .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "software.amazon..",
                        "com.nimbusds..", "com.password4j..", "com.azure..", "com.google..")
                .check(classes);
    }

    @Test
    void domain_does_not_depend_on_application_adapters_or_plumbing() {
        noClasses().that().resideInAPackage("..domain..").and().haveNameNotMatching(GENERATED)
                .should().dependOnClassesThat().resideInAnyPackage("..application..", "..adapter..", "..platform..",
                        "..web..", "..config..")
                .check(classes);
    }

    @Test
    void application_does_not_reach_into_adapters_or_plumbing() {
        noClasses().that().resideInAPackage("..application..").and().haveNameNotMatching(GENERATED)
                .should().dependOnClassesThat().resideInAnyPackage("..adapter..", "..platform..", "..web..",
                        "..config..")
                .check(classes);
    }

    @Test
    void the_platform_knows_no_bounded_context() {
        noClasses().that().resideInAnyPackage("dev.skyport.kernel..", "dev.skyport.platform..", "dev.skyport.mail..")
                .should().dependOnClassesThat().resideInAnyPackage(CONTEXTS.stream()
                        .flatMap(context -> context.packages().stream()).toArray(String[]::new))
                .check(classes);
    }

    /**
     * Every class of a context has one home: domain, application, adapter, config or web; the only classes at a
     * context's root are its functions' Lambda entry points ({@code *Handler}), which CDK names by class.
     */
    @Test
    void every_class_of_a_context_lives_in_domain_application_adapter_config_or_web() {
        for (Context context : CONTEXTS) {
            String[] layered = context.packages().stream()
                    .map(root -> root.substring(0, root.length() - 2))
                    .flatMap(base -> java.util.stream.Stream.of("domain", "application", "adapter", "config", "web")
                            .map(layer -> base + "." + layer + ".."))
                    .toArray(String[]::new);
            String[] roots = context.packages().stream().map(root -> root.substring(0, root.length() - 2))
                    .toArray(String[]::new);
            classes().that().resideInAnyPackage(context.packages().toArray(String[]::new))
                    .and().haveNameNotMatching(GENERATED)
                    .should().resideInAnyPackage(layered)
                    .orShould(new com.tngtech.archunit.lang.ArchCondition<JavaClass>("be a Lambda entry point at the"
                            + " context's root") {
                        @Override
                        public void check(JavaClass item, com.tngtech.archunit.lang.ConditionEvents events) {
                            JavaClass top = item;
                            while (top.getEnclosingClass().isPresent()) {
                                top = top.getEnclosingClass().get(); // a handler's own input types are the handler's
                            }
                            boolean entryPoint = java.util.Arrays.asList(roots).contains(top.getPackageName())
                                    && top.getSimpleName().endsWith("Handler");
                            events.add(new com.tngtech.archunit.lang.SimpleConditionEvent(item, entryPoint,
                                    item.getName() + (entryPoint ? " is" : " is not") + " an entry point"));
                        }
                    })
                    .as(context.name() + ": every class in domain, application, adapter, config or web")
                    .check(classes);
        }
    }

    @Test
    void no_context_reaches_into_another_contexts_adapters_wiring_or_web() {
        for (Context context : CONTEXTS) {
            for (Context other : CONTEXTS) {
                if (other == context) {
                    continue;
                }
                noClasses().that().resideInAnyPackage(context.packages().toArray(String[]::new))
                        .should().dependOnClassesThat().resideInAnyPackage(other.internals())
                        .as(context.name() + " uses " + other.name() + " only through its application interface")
                        .check(classes);
            }
        }
    }

    @Test
    void ports_are_named_as_nouns_of_the_domain() {
        classes().that().areInterfaces()
                .and().resideInAnyPackage("dev.skyport.kernel..", "..application..")
                .should().haveSimpleNameNotEndingWith("Port")
                .andShould().haveSimpleNameNotEndingWith("Interface")
                .andShould().haveSimpleNameNotEndingWith("Manager")
                .andShould().haveNameNotMatching(".*\\.I[A-Z][^.]*")
                .check(classes);
    }

    @Test
    void no_grab_bags() {
        noClasses().that().haveNameNotMatching(GENERATED)
                .should().haveSimpleNameEndingWith("Utils")
                .orShould().haveSimpleNameEndingWith("Util")
                .orShould().haveSimpleNameEndingWith("Manager")
                .orShould().haveSimpleNameEndingWith("Helper")
                .orShould().haveSimpleNameEndingWith("Impl")
                .check(classes);
    }

    @Test
    void entry_points_say_what_they_are() {
        classes().that().areAnnotatedWith(Controller.class)
                .should().haveSimpleNameEndingWith("Controller")
                .check(classes);
        classes().that().areAssignableTo(com.amazonaws.services.lambda.runtime.RequestHandler.class)
                .and().resideOutsideOfPackage("io.micronaut..")
                .should().haveSimpleNameEndingWith("Handler")
                .check(classes);
    }

    /** Micronaut's generated bean definitions ($Foo$Definition) live beside the classes; they are not ours. */
    private static final String GENERATED = ".*\\$.*\\$.*|.*\\.\\$.*";

    private record Context(String name, List<String> packages) {

        Context(String name, String... packages) {
            this(name, List.of(packages));
        }

        String[] internals() {
            return packages.stream()
                    .flatMap(root -> {
                        String base = root.substring(0, root.length() - 2);
                        return java.util.stream.Stream.of(base + ".adapter..", base + ".config..", base + ".web..");
                    })
                    .toArray(String[]::new);
        }
    }
}
