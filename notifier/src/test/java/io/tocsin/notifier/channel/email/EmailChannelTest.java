package io.tocsin.notifier.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tocsin.core.config.Secret;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.ChannelCompatibilityKit;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.config.EmailConfig;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The e-mail channel against GreenMail (a real SMTP server) and, for the failures GreenMail cannot
 * produce, a scripted SMTP server: 421 in the greeting (transient), a hanging server, nothing
 * listening; a wrong password is GreenMail's own 535 (permanent).
 */
class EmailChannelTest extends ChannelCompatibilityKit {
    private static final String USER = "alerts@example.org";
    private static final String PASSWORD = "pa55-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

    private GreenMail greenMail;
    private int greenMailPort;
    private final List<ScriptedSmtp> scripted = new ArrayList<>();
    private Integer nextPort;
    private String nextPassword;
    private boolean closed;

    @Override
    protected Vendor startVendor(Vertx vertx) {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, "alerts", PASSWORD));
        greenMail.start();
        greenMailPort = greenMail.getSmtp().getPort();
        return new Vendor() {
            @Override
            public Set<Failure> failures() {
                return EnumSet.of(Failure.SERVER_ERROR, Failure.REJECTED, Failure.STALL, Failure.UNREACHABLE);
            }

            @Override
            public void failNext(Failure failure) {
                switch (failure) {
                    case SERVER_ERROR -> nextPort = script("421 4.3.2 mail.example.org Service not available");
                    case REJECTED -> nextPassword = "wrong-" + PASSWORD.substring(0, 3);
                    case STALL -> nextPort = script(null);
                    case UNREACHABLE -> close();
                    default -> throw new UnsupportedOperationException(failure.name());
                }
            }

            @Override
            public List<String> accepted() {
                // GreenMail keeps one copy per recipient; the kit counts sends.
                Map<String, String> byId = new LinkedHashMap<>();
                for (var m : greenMail.getReceivedMessages()) {
                    byId.putIfAbsent(messageId(m), Mail.of(m).toString());
                }
                return List.copyOf(byId.values());
            }

            @Override
            public List<String> secrets() {
                return List.of(PASSWORD);
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    greenMail.stop();
                    scripted.forEach(ScriptedSmtp::close);
                }
            }
        };
    }

    private static String messageId(jakarta.mail.internet.MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private int script(String reply) {
        ScriptedSmtp s = ScriptedSmtp.start(vertx, reply);
        scripted.add(s);
        return s.port();
    }

    @Override
    protected Channel channel(Vendor vendor, Duration timeout, Clock clock) {
        int port = nextPort != null ? nextPort : greenMailPort;
        String password = nextPassword != null ? nextPassword : PASSWORD;
        nextPort = null;
        nextPassword = null;
        return new EmailChannel(vertx, config(port, password, false, Map.of()), timeout);
    }

    private static EmailConfig config(int port, String password, boolean requireTls, Map<String, String> headers) {
        return new EmailConfig(
                List.of("oncall@example.org", "lead@example.org"),
                "Tocsin <" + USER + ">",
                "127.0.0.1",
                port,
                "tocsin.test",
                "alerts",
                Secret.inline(password),
                requireTls,
                headers,
                true);
    }

    @Override
    protected void assertWithinVendorLimits(String accepted) {
        assertTrue(accepted.length() < 1_000_000, "a readable size: " + accepted.length());
        assertTrue(accepted.contains("250 more alerts"), "says how many alerts were left out");
    }

    @Test
    void theMailHasTextAndEscapedHtmlPartsForEveryRecipient() {
        var alert = TestAlerts.withAnnotations(
                TestAlerts.firing("HighCpu", "instance", "db-1"),
                Map.of("summary", "<script>alert('x')</script> & more"));
        DeliveryResult r = deliver(notification(AlertState.FIRING, List.of(alert), null));
        assertEquals(DeliveryResult.Outcome.DELIVERED, r.outcome(), r.detail());
        var messages = greenMail.getReceivedMessages();
        assertEquals(2, messages.length, "one copy per recipient");
        Mail mail = Mail.of(messages[0]);
        assertEquals("[FIRING] HighCpu", mail.subject());
        assertNotNull(mail.text());
        assertTrue(mail.text().contains("<script>alert('x')</script> & more"), mail.text());
        assertTrue(mail.html().contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"), mail.html());
        assertFalse(mail.html().contains("<script>"), mail.html());
        assertEquals(List.of("oncall@example.org", "lead@example.org"), mail.to());
    }

    @Test
    void configuredHeadersAreSentAndSubjectReplacesTheGeneratedOne() throws Exception {
        Channel c = new EmailChannel(
                vertx,
                config(
                        greenMail.getSmtp().getPort(),
                        PASSWORD,
                        false,
                        Map.of("Subject", "Pager: db", "X-Team", "storage")),
                TIMEOUT);
        assertEquals(
                DeliveryResult.Outcome.DELIVERED,
                await(c.deliver(firing("HighCpu", "db-1"))).outcome());
        var m = greenMail.getReceivedMessages()[0];
        assertEquals("Pager: db", m.getSubject());
        assertEquals("storage", m.getHeader("X-Team")[0]);
    }

    @Test
    void requiredStartTlsThatTheServerDoesNotOfferIsAConfigErrorNotARetry() {
        Channel c = new EmailChannel(vertx, config(greenMail.getSmtp().getPort(), PASSWORD, true, Map.of()), TIMEOUT);
        DeliveryResult r = await(c.deliver(firing("HighCpu", "db-1")));
        assertEquals(DeliveryResult.Outcome.PERMANENT, r.outcome(), r.detail());
        assertEquals(0, greenMail.getReceivedMessages().length, "nothing sent in clear text");
        assertNoSecret(r);
    }
}
