package io.tocsin.notifier.channel.email;

import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.HttpOutcomes;
import io.vertx.ext.mail.SMTPException;

/**
 * SMTP's own retry rule (RFC 5321 §4.2.1): 4yz replies are transient ("try again later"), 5yz are
 * permanent (no such mailbox, authentication failed, relaying denied). No reply at all (refused,
 * reset, timed out) may be retried. The SMTP code travels in httpStatus, the one status slot.
 */
public final class SmtpOutcomes {
    private SmtpOutcomes() {}

    public static DeliveryResult classify(Throwable failure, String redactedMessage) {
        if (failure instanceof SMTPException smtp && smtp.getReplyCode() > 0) {
            int code = smtp.getReplyCode();
            String detail = "SMTP " + code + " " + redactedMessage;
            if (code >= 400 && code < 500) {
                return DeliveryResult.retryable(code, null, detail);
            }
            if (code >= 500) {
                return DeliveryResult.permanent(code, detail);
            }
        }
        if (redactedMessage.contains("STARTTLS")
                || redactedMessage.toLowerCase(java.util.Locale.ROOT).contains("auth")) {
            // The server does not offer what the config requires (TLS, a login method): a config error.
            return DeliveryResult.permanent(null, "SMTP " + redactedMessage);
        }
        return HttpOutcomes.noAnswer(failure, redactedMessage);
    }
}
