package io.tocsin.notifier.template;

import java.util.ArrayList;
import java.util.List;

/**
 * A token inside an action. {@code spaced} says whether white space came before it: {@code $x.A}
 * is one operand, {@code $x .A} two.
 */
record Token(Type type, String text, boolean spaced) {
    enum Type {
        DOT,
        FIELD,
        VARIABLE,
        IDENT,
        STRING,
        NUMBER,
        PIPE,
        LPAREN,
        RPAREN,
        DECLARE,
        ASSIGN,
        COMMA
    }

    static List<Token> scan(String where, String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        boolean spaced = true;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                spaced = true;
                i++;
                continue;
            }
            int start = i;
            Type type;
            String text;
            if (c == '.' && i + 1 < s.length() && isNameChar(s.charAt(i + 1)) && !Character.isDigit(s.charAt(i + 1))) {
                i++;
                while (i < s.length() && isNameChar(s.charAt(i))) {
                    i++;
                }
                type = Type.FIELD;
                text = s.substring(start + 1, i);
            } else if (c == '.' && !(i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                i++;
                type = Type.DOT;
                text = ".";
            } else if (c == '$') {
                i++;
                while (i < s.length() && isNameChar(s.charAt(i))) {
                    i++;
                }
                type = Type.VARIABLE;
                text = s.substring(start, i);
            } else if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    char d = s.charAt(i);
                    if (d == '\\' && i + 1 < s.length()) {
                        i = unescape(where, s, i + 1, b);
                    } else {
                        b.append(d);
                        i++;
                    }
                }
                if (i >= s.length()) {
                    throw new TemplateException(where + ": unterminated quoted string");
                }
                i++;
                type = Type.STRING;
                text = b.toString();
            } else if (c == '`') {
                int close = s.indexOf('`', i + 1);
                if (close < 0) {
                    throw new TemplateException(where + ": unterminated raw quoted string");
                }
                type = Type.STRING;
                text = s.substring(i + 1, close);
                i = close + 1;
            } else if (c == '\'') {
                // A character constant is a number in Go templates ('a' is 97).
                StringBuilder b = new StringBuilder();
                int j = i + 1;
                j = j < s.length() && s.charAt(j) == '\\' ? unescape(where, s, j + 1, b) : appendOne(s, j, b);
                if (j >= s.length() || s.charAt(j) != '\'') {
                    throw new TemplateException(where + ": malformed character constant");
                }
                i = j + 1;
                type = Type.NUMBER;
                text = Integer.toString(b.codePointAt(0));
            } else if (Character.isDigit(c)
                    || ((c == '-' || c == '+' || c == '.')
                            && i + 1 < s.length()
                            && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.'))) {
                i++;
                while (i < s.length()
                        && (Character.isLetterOrDigit(s.charAt(i))
                                || s.charAt(i) == '.'
                                || s.charAt(i) == '_'
                                || ((s.charAt(i) == '-' || s.charAt(i) == '+')
                                        && "eEpP".indexOf(s.charAt(i - 1)) >= 0))) {
                    i++;
                }
                type = Type.NUMBER;
                text = s.substring(start, i);
            } else if (isNameChar(c)) {
                while (i < s.length() && isNameChar(s.charAt(i))) {
                    i++;
                }
                type = Type.IDENT;
                text = s.substring(start, i);
            } else if (c == ':' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                i += 2;
                type = Type.DECLARE;
                text = ":=";
            } else {
                i++;
                text = String.valueOf(c);
                type = switch (c) {
                    case '|' -> Type.PIPE;
                    case '(' -> Type.LPAREN;
                    case ')' -> Type.RPAREN;
                    case '=' -> Type.ASSIGN;
                    case ',' -> Type.COMMA;
                    default -> throw new TemplateException(where + ": unexpected \"" + c + "\" in command");
                };
            }
            out.add(new Token(type, text, spaced));
            spaced = false;
        }
        return out;
    }

    private static int appendOne(String s, int j, StringBuilder b) {
        if (j >= s.length()) {
            return j;
        }
        int cp = s.codePointAt(j);
        b.appendCodePoint(cp);
        return j + Character.charCount(cp);
    }

    /** Go's escapes after a backslash at {@code i}; returns the index after them. */
    private static int unescape(String where, String s, int i, StringBuilder b) {
        char e = s.charAt(i);
        switch (e) {
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            case 'r' -> b.append('\r');
            case 'a' -> b.append('\u0007');
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'v' -> b.append('\u000b');
            case '\\', '"', '\'' -> b.append(e);
            case 'x', 'u', 'U' -> {
                int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (i + n >= s.length() + 0 && i + n > s.length() - 1 + 1) {
                    throw new TemplateException(where + ": bad escape in string");
                }
                b.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 1 + n), 16));
                return i + 1 + n;
            }
            default -> throw new TemplateException(where + ": unknown escape \\" + e);
        }
        return i + 1;
    }

    static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** A Go number literal: Long when it is a whole number, else Double. */
    static Object number(String where, String text) {
        String t = text.replace("_", "");
        try {
            if (t.matches("[+-]?0[xX][0-9a-fA-F]+")) {
                return Long.parseLong(t.replaceFirst("0[xX]", ""), 16);
            }
            if (t.matches("[+-]?\\d+")) {
                return Long.parseLong(t);
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new TemplateException(where + ": bad number syntax: " + text);
        }
    }
}
