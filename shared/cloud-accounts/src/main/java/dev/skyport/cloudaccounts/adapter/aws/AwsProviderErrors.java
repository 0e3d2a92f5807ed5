package dev.skyport.cloudaccounts.adapter.aws;

import dev.skyport.cloudaccounts.domain.CloudVerificationException;
import dev.skyport.cloudaccounts.domain.CloudVerificationException.Cause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** What AWS answered a call made with or for a customer's credentials, as the cloud-accounts context's causes. */
public final class AwsProviderErrors {

    private static final Logger LOG = LoggerFactory.getLogger(AwsProviderErrors.class);

    private AwsProviderErrors() {
    }

    /** Provider errors to causes; the provider's message never carries the secret, so it may be shown. */
    public static CloudVerificationException translate(RuntimeException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            Cause cause = switch (code == null ? "" : code) {
                case "SignatureDoesNotMatch" -> Cause.WRONG_SECRET;
                case "ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired" -> Cause.EXPIRED;
                case "AccessDenied", "AccessDeniedException", "AllAccessDisabled" -> Cause.MISSING_PERMISSION;
                default -> Cause.INVALID_CREDENTIALS;
            };
            return new CloudVerificationException(cause, code, service.awsErrorDetails().errorMessage());
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || (e.getCause() instanceof java.net.SocketTimeoutException)) {
            return new CloudVerificationException(Cause.TIMEOUT, null, "AWS did not answer in time");
        }
        if (e instanceof SdkClientException) {
            LOG.warn("AWS could not be reached: {} ({})", e.getMessage(),
                    e.getCause() == null ? "no cause" : e.getCause().getMessage());
            return new CloudVerificationException(Cause.UNREACHABLE, null, "AWS could not be reached");
        }
        throw e;
    }
}
