package dev.skyport.clusters;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.skyport.clusters.adapter.ecs.RunBrokerSettings;
import dev.skyport.clusters.application.RunBriefing;
import dev.skyport.kernel.DomainException;
import dev.skyport.platform.lambda.EventHandler;
import dev.skyport.platform.web.Problem;
import dev.skyport.platform.web.ProblemResponses;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run broker: a Lambda function URL with IAM authentication that a Terraform task calls, signed with its own
 * task role, when it starts. AWS has checked the signature, so the caller's ARN ({@code
 * arn:aws:sts::<account>:assumed-role/<task role>/<ECS task id>}: ECS names a task role's session after the task)
 * says which task is asking; the task also sends its task token, which must be the one the workflow gave it (so an
 * invocation that bypassed the URL's authentication, with a made-up caller, gets nothing); ECS then says which run
 * that task was started for. The answer is that run's
 * {@code run_config} and its owner's credentials as environment variables (and, for a run that applies a saved
 * plan, {@code saved_plan_url}: where to read that plan's file), and nothing for any other caller, so code running
 * inside one task (providers, charts) can obtain no other owner's credentials. A plan run's task asks again once
 * its plan is made ({@code "ask": "plan-upload"}) and gets {@code {"url"}}: where to put its plan file; a run
 * whose AWS role session nears its end asks for a new one ({@code "ask": "credentials"}) and gets
 * {@code {"environment"}} again.
 */
public class RunBrokerHandler extends EventHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(RunBrokerHandler.class);
    /** An assumed role's session: partition, account, role name, session name (for a task role: the task's id). */
    private static final Pattern ASSUMED_ROLE = Pattern.compile(
            "^arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([\\w+=,.@-]+)/([\\w+=,.@-]+)$");
    /** A task token is at most 1 KiB (Step Functions); the request carries nothing else. */
    private static final int MAX_BODY = 4096;
    /** A role: partition, account, name (its path is not part of a session's ARN). */
    /** What a plan run's task asks for once its plan is made: where to put the plan file. */
    static final String PLAN_UPLOAD = "plan-upload";
    /** What a run asks for when its owner's session nears its end: a new one. */
    static final String CREDENTIALS = "credentials";
    private static final Pattern ROLE = Pattern.compile("^arn:([a-z-]+):iam::(\\d{12}):role/(?:.*/)?([\\w+=,.@-]+)$");

    @Inject
    RunBriefing briefing;
    @Inject
    RunBrokerSettings settings;
    @Inject
    JsonMapper json;

    /** Used by the Lambda runtime. */
    public RunBrokerHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public RunBrokerHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        String method = Optional.ofNullable(event.getRequestContext()).map(c -> c.getHttp())
                .map(http -> http.getMethod()).orElse("");
        if (!method.equals("POST")) {
            return problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "a task asks for its brief with POST");
        }
        Optional<String> taskId = callerTask(event);
        if (taskId.isEmpty()) {
            LOG.warn("refused a brief to {}: not the provisioning tasks' role", callerArn(event).orElse("nobody"));
            return problem(HttpStatus.FORBIDDEN, "not-a-run-task", "only a running provisioning task is briefed");
        }
        Optional<BriefRequest> request = request(event);
        try {
            String token = request.map(BriefRequest::taskToken).orElse(null);
            Optional<String> ask = request.flatMap(BriefRequest::askFor);
            if (ask.filter(PLAN_UPLOAD::equals).isPresent()) {
                URI url = briefing.planUpload(taskId.get(), token);
                LOG.info("gave task {} where to put its plan file", taskId.get());
                return response(200, "application/json", json.writeValueAsString(Map.of("url", url.toString())));
            }
            if (ask.filter(CREDENTIALS::equals).isPresent()) {
                Map<String, String> environment = briefing.renewedCredentials(taskId.get(), token);
                LOG.info("renewed the credentials of task {}", taskId.get());
                return response(200, "application/json", json.writeValueAsString(Map.of("environment",
                        environment)));
            }
            if (ask.isPresent()) {
                return problem(HttpStatus.BAD_REQUEST, "malformed-request", "ask: " + PLAN_UPLOAD + " or "
                        + CREDENTIALS);
            }
            RunBriefing.RunBrief brief = briefing.brief(taskId.get(), token);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("run_config", brief.config().document());
            body.put("environment", brief.environment());
            brief.savedPlan().ifPresent(url -> body.put("saved_plan_url", url.toString()));
            LOG.info("briefed task {} for run {} of cluster {}", taskId.get(), brief.config().runId(),
                    brief.config().cluster());
            return response(200, "application/json", json.writeValueAsString(body));
        } catch (DomainException refused) {
            LOG.info("refused a brief to task {}: {}", taskId.get(), refused.slug());
            HttpStatus status = ProblemResponses.statusOf(refused.failure());
            Problem problem = Problem.of(refused.slug(), status.getReason(), status.getCode(), refused.getMessage(),
                    null);
            return response(status.getCode(), Problem.MEDIA_TYPE, write(refused.providerCode()
                    .map(problem::withProviderCode).orElse(problem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ECS task id of the caller, when the caller is a session of the provisioning tasks' role. */
    private Optional<String> callerTask(APIGatewayV2HTTPEvent event) {
        Optional<String> arn = callerArn(event);
        Matcher role = ROLE.matcher(String.valueOf(settings.taskRoleArn()));
        if (arn.isEmpty() || !role.matches()) {
            return Optional.empty();
        }
        Matcher caller = ASSUMED_ROLE.matcher(arn.get());
        if (!caller.matches() || !caller.group(1).equals(role.group(1)) || !caller.group(2).equals(role.group(2))
                || !caller.group(3).equals(role.group(3))) {
            return Optional.empty();
        }
        return Optional.of(caller.group(4));
    }

    /** What the task sent in its request's body ({@code {"task_token": ..., "ask": ...}}), if it is that. */
    private Optional<BriefRequest> request(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null || body.length() > MAX_BODY) {
            return Optional.empty();
        }
        if (event.getIsBase64Encoded()) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        try {
            return Optional.ofNullable(json.readValue(body, BriefRequest.class));
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    /**
     * What a task sends: its task token, which proves it is the task AWS says is calling, and what it asks for
     * beyond its brief ({@value #PLAN_UPLOAD}, {@value #CREDENTIALS}), if anything.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record BriefRequest(@Nullable String taskToken, @Nullable String ask) {

        Optional<String> askFor() {
            return Optional.ofNullable(ask);
        }
    }

    private static Optional<String> callerArn(APIGatewayV2HTTPEvent event) {
        return Optional.ofNullable(event.getRequestContext()).map(c -> c.getAuthorizer()).map(a -> a.getIam())
                .map(iam -> iam.getUserArn());
    }

    private APIGatewayV2HTTPResponse problem(HttpStatus status, String slug, String detail) {
        return response(status.getCode(), Problem.MEDIA_TYPE,
                write(Problem.of(slug, status.getReason(), status.getCode(), detail, null)));
    }

    private String write(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static APIGatewayV2HTTPResponse response(int status, String contentType, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("Content-Type", contentType, "Cache-Control", "no-store"))
                .withBody(body).build();
    }
}
