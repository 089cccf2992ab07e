package io.tocsin.notifier.template;

/** A template that does not parse or cannot be executed; the message says where ({@code name:line}) and why. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
