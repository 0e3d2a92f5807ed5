package dev.skyport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.skyport.platform.config.DeployedStacks;
import dev.skyport.simulated.LoopbackHttp;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the tier finds a deployed stack, with the real CloudFormation client against a loopback server that answers
 * {@code DescribeStacks} in the Query protocol as CloudFormation (and LocalStack) does, and serves LocalStack's record
 * of sent mail at {@code /_aws/ses} on the same port, as LocalStack does. No stack is deployed anywhere here, so this
 * is what keeps the deployed target's code honest on every build.
 */
class DeployedStackIT {

    private static final String API = "https://d111111abcdef8.cloudfront.net";
    private static final String WS = "wss://abc123.execute-api.us-east-1.amazonaws.com/live";

    private HttpServer emulator;
    private final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
    private volatile String stackOutputs;
    private volatile String sentMail = "{\"messages\":[]}";

    @BeforeEach
    void start() {
        emulator = LoopbackHttp.server();
        emulator.createContext("/", exchange -> {
            Map<String, String> form = LoopbackHttp.form(exchange);
            calls.add(form);
            if (stackOutputs == null) {
                LoopbackHttp.answer(exchange, 400, "text/xml", """
                        <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error>\
                        <Type>Sender</Type><Code>ValidationError</Code>\
                        <Message>Stack with id %s does not exist</Message></Error><RequestId>r1</RequestId>\
                        </ErrorResponse>""".formatted(form.get("StackName")));
                return;
            }
            LoopbackHttp.answer(exchange, 200, "text/xml", """
                    <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">\
                    <DescribeStacksResult><Stacks><member><StackName>%s</StackName>\
                    <StackId>arn:aws:cloudformation:us-east-1:000000000000:stack/%s/1</StackId>\
                    <CreationTime>2026-01-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus>\
                    <Outputs>%s</Outputs></member></Stacks></DescribeStacksResult>\
                    <ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></DescribeStacksResponse>"""
                    .formatted(form.get("StackName"), form.get("StackName"), stackOutputs));
        });
        emulator.createContext("/_aws/ses", exchange -> LoopbackHttp.answer(exchange, 200, "application/json",
                sentMail));
        emulator.start();
    }

    @AfterEach
    void stop() {
        emulator.stop(0);
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + emulator.getAddress().getPort());
    }

    private E2eSettings settings(Map<String, String> properties) {
        Map<String, String> all = new java.util.HashMap<>(properties);
        all.put(E2eSettings.PROPERTY_PREFIX + E2eSettings.TARGET, E2eSettings.DEPLOYED);
        return new E2eSettings(Map.copyOf(all), Map.of("AWS_ENDPOINT_URL", endpoint().toString()));
    }

    private static String output(String key, String value) {
        return "<member><OutputKey>" + key + "</OutputKey><OutputValue>" + value + "</OutputValue></member>";
    }

    @Test
    void the_api_and_websocket_urls_are_read_from_the_api_stacks_outputs_at_the_emulator() {
        stackOutputs = output(DeployedStacks.CONSOLE_URL, API + "/console/") + output(DeployedStacks.API_URL, API)
                + output(DeployedStacks.WEB_SOCKET_URL, WS);

        DeployedStack.Resolution resolution = DeployedStack.resolve(settings(Map.of(
                "skyport.e2e.cloud-credentials", "{\"access_key_id\":\"AKIA\",\"secret_access_key\":\"s\"}",
                "skyport.e2e.state-bucket", "acme-tf-state")));

        assertThat(resolution).isInstanceOf(DeployedStack.Found.class);
        Target target = ((DeployedStack.Found) resolution).target();
        assertThat(target.api()).isEqualTo(URI.create(API));
        assertThat(target.webSocket()).isEqualTo(URI.create(WS));
        assertThat(target.mailbox()).isEqualTo(new Mailbox.SesMessages(endpoint()));
        assertThat(target.cannotWalk()).isEmpty();
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call).containsEntry("Action", "DescribeStacks");
            assertThat(call).containsEntry("StackName", DeployedStacks.API);
        });
    }

    @Test
    void a_stack_that_is_not_there_is_a_reason_to_skip_naming_the_stack_and_where_it_was_looked_for() {
        stackOutputs = null;

        DeployedStack.Resolution resolution = DeployedStack.resolve(settings(Map.of()));

        assertThat(resolution).isInstanceOf(DeployedStack.Absent.class);
        assertThat(((DeployedStack.Absent) resolution).reason())
                .contains("SkyportApi", "at " + endpoint(), "Stack with id SkyportApi does not exist",
                        "-Dskyport.e2e.api");
    }

    @Test
    void a_stack_without_the_websocket_output_is_a_reason_to_skip() {
        stackOutputs = output(DeployedStacks.API_URL, API);

        DeployedStack.Resolution resolution = DeployedStack.resolve(settings(Map.of()));

        assertThat(((DeployedStack.Absent) resolution).reason()).contains("no WebSocketUrl output");
    }

    @Test
    void urls_given_are_used_without_asking_cloudformation_and_in_aws_the_mail_cannot_be_read() {
        E2eSettings inAws = new E2eSettings(Map.of("skyport.e2e.target", "deployed", "skyport.e2e.api", API,
                "skyport.e2e.ws", WS), Map.of());

        Target target = ((DeployedStack.Found) DeployedStack.resolve(inAws)).target();

        assertThat(calls).isEmpty();
        assertThat(target.api()).isEqualTo(URI.create(API));
        assertThat(target.mailbox()).isInstanceOf(Mailbox.Unreadable.class);
        assertThat(target.cannotWalk()).get().asString().contains("no cloud account", "cloud-credentials");
    }

    @Test
    void without_a_mailbox_a_given_verified_person_is_needed_to_walk() {
        Map<String, String> properties = new java.util.HashMap<>(Map.of("skyport.e2e.api", API, "skyport.e2e.ws",
                WS, "skyport.e2e.cloud-credentials", "{}", "skyport.e2e.state-bucket", "b"));
        Target unverifiable = ((DeployedStack.Found) DeployedStack.resolve(
                new E2eSettings(Map.copyOf(properties), Map.of()))).target();
        assertThat(unverifiable.cannotWalk()).get().asString()
                .contains("cannot sign up", "SES in AWS", "-Dskyport.e2e.login");

        properties.put("skyport.e2e.login", "e2e-admin@example.com");
        properties.put("skyport.e2e.password", "a long test passphrase");
        Target withPerson = ((DeployedStack.Found) DeployedStack.resolve(
                new E2eSettings(Map.copyOf(properties), Map.of()))).target();
        assertThat(withPerson.givenUser()).contains(new Target.Person("e2e-admin@example.com",
                "a long test passphrase"));
        assertThat(withPerson.cannotWalk()).isEmpty();
    }

    @Test
    void in_aws_the_client_speaks_to_cloudformation_in_the_region_given() {
        E2eSettings inAws = new E2eSettings(Map.of("aws.region", "eu-west-1"), Map.of());

        try (var client = DeployedStack.client(inAws, Optional.empty())) {
            assertThat(client.serviceClientConfiguration().region()).hasToString("eu-west-1");
            assertThat(client.serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("https://cloudformation.eu-west-1.amazonaws.com"));
        }
    }

    @Test
    void localstacks_record_of_sent_mail_gives_the_verification_link_of_the_newest_mail_to_the_address() {
        sentMail = """
                {"messages":[
                 {"Id":"m1","Region":"us-east-1","Source":"noreply@skyport.example",
                  "Destination":{"ToAddresses":["ada@example.com"]},"Subject":"Verify your e-mail address",
                  "Body":{"text_part":"Open https://skyport.example/auth/verify?token=old to verify.","html_part":null},
                  "Timestamp":"2026-01-01T00:00:00"},
                 {"Id":"m2","Region":"us-east-1","Source":"noreply@skyport.example",
                  "Destination":{"ToAddresses":["bob@example.com"]},"Subject":"Verify your e-mail address",
                  "Body":{"text_part":"Open https://skyport.example/auth/verify?token=bobs to verify."},
                  "Timestamp":"2026-01-01T00:00:01"},
                 {"Id":"m3","Region":"us-east-1","Source":"noreply@skyport.example",
                  "Destination":{"ToAddresses":["Ada@Example.com"]},"Subject":"Verify your e-mail address",
                  "Body":{"text_part":"Open https://skyport.example/auth/verify?token=new to verify."},
                  "Timestamp":"2026-01-01T00:00:02"}]}""";

        List<Mailbox.Mail> mails = new Mailbox.SesMessages(endpoint()).mailsTo("ada@example.com");

        assertThat(mails).extracting(Mailbox.Mail::links).containsExactly(
                List.of("https://skyport.example/auth/verify?token=new"),
                List.of("https://skyport.example/auth/verify?token=old"));
        assertThat(mails.getFirst().subject()).isEqualTo("Verify your e-mail address");
    }
}
