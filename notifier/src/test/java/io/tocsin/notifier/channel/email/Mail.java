package io.tocsin.notifier.channel.email;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;

/** A received e-mail, decoded for assertions: subject, the text and HTML parts, sender, recipients. */
public record Mail(String subject, String text, String html, String from, List<String> to, MimeMessage raw) {

    public static Mail of(MimeMessage m) {
        try {
            String[] parts = new String[2];
            collect(m.getContent(), m.getContentType(), parts);
            return new Mail(
                    m.getSubject(),
                    parts[0],
                    parts[1],
                    m.getFrom()[0].toString(),
                    Arrays.stream(m.getAllRecipients()).map(Object::toString).toList(),
                    m);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the received e-mail", e);
        }
    }

    private static void collect(Object content, String type, String[] parts) throws Exception {
        if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart p = mp.getBodyPart(i);
                collect(p.getContent(), p.getContentType(), parts);
            }
        } else if (content instanceof String s) {
            parts[type.toLowerCase().startsWith("text/html") ? 1 : 0] = s;
        }
    }

    /** Everything a person would read, for "does it show X" checks. */
    @Override
    public String toString() {
        return "Subject: " + subject + "\n\n" + text + "\n\n" + html;
    }
}
