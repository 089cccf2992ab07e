package io.tocsin.notifier.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.notifier.channel.DeliveryResult;
import io.vertx.ext.mail.SMTPException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5321's reply classes decide: 4yz try later, 5yz do not. */
class SmtpOutcomesTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            421 | service not available      | RETRYABLE
            450 | mailbox busy               | RETRYABLE
            452 | insufficient storage       | RETRYABLE
            535 | authentication failed      | PERMANENT
            550 | no such user               | PERMANENT
            554 | transaction failed         | PERMANENT
            """)
    void replyCodes(int code, String text, DeliveryResult.Outcome outcome) {
        DeliveryResult r =
                SmtpOutcomes.classify(new SMTPException(text, code, List.of(text), false), code + " " + text);
        assertEquals(outcome, r.outcome());
        assertEquals(code, r.httpStatus());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            STARTTLS is required but not supported by the server | PERMANENT
            connection refused                                    | RETRYABLE
            """)
    void noReplyCode(String message, DeliveryResult.Outcome outcome) {
        Throwable t =
                message.startsWith("connection") ? new ConnectException(message) : new IllegalStateException(message);
        assertEquals(outcome, SmtpOutcomes.classify(t, message).outcome());
    }
}
