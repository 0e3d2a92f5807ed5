package dev.skyport.auth;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.skyport.identity.adapter.json.MailRequestCodec;
import dev.skyport.identity.application.MailWork;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail queue's consumer (SQS, in the auth jar): each message is one mail request that sign-up, resend or "forgot
 * password" enqueued; {@link MailWork} does it. A message that fails is reported alone (partial batch response), so
 * SQS delivers it again after the visibility timeout and, past the receive limit, moves it to the dead-letter queue;
 * the others of the batch are not redone (and would send nothing twice if they were: the work claims each request).
 */
public class MailWorkHandler extends EventHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(MailWorkHandler.class);

    @Inject
    MailWork work;
    @Inject
    MailRequestCodec codec;

    /** Used by the Lambda runtime. */
    public MailWorkHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public MailWorkHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected SQSBatchResponse execute(SQSEvent input) {
        List<SQSEvent.SQSMessage> messages = input.getRecords() == null ? List.of() : input.getRecords();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : messages) {
            try {
                MailWork.Outcome outcome = work.perform(codec.decode(message.getBody()));
                if (outcome == MailWork.Outcome.DUPLICATE) {
                    LOG.info("mail request in message {} was done before: nothing sent again", message.getMessageId());
                }
            } catch (MailWork.WorkHeldElsewhere held) {
                LOG.info("message {}: {}; delivered again later", message.getMessageId(), held.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            } catch (RuntimeException e) {
                // The body holds an address at most: not logged. The class says what went wrong.
                LOG.warn("mail request in message {} failed ({}); delivered again later, then dead-lettered",
                        message.getMessageId(), e.getClass().getSimpleName());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
