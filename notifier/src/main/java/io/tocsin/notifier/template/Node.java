package io.tocsin.notifier.template;

import java.util.List;

/** The parse tree of a Go text/template, as text/template/parse has it (the parts Alertmanager's templates use). */
sealed interface Node {
    /** Where the node starts, for error messages: {@code name:line}. */
    String where();

    record Text(String where, String text) implements Node {}

    record Action(String where, Pipe pipe) implements Node {}

    /** if / with / range: the pipeline, the list run when it holds, the else list (maybe empty). */
    record Branch(String where, Kind kind, Pipe pipe, List<Node> list, List<Node> elseList) implements Node {
        enum Kind {
            IF,
            WITH,
            RANGE
        }
    }

    record Call(String where, String name, Pipe pipe) implements Node {}

    record Break(String where) implements Node {}

    record Continue(String where) implements Node {}

    /** {@code $a, $b := cmd | cmd}; {@code assign} for {@code =} on an existing variable. */
    record Pipe(List<String> vars, boolean assign, List<Command> commands) {}

    record Command(List<Arg> args) {}

    /** An operand of a command. */
    sealed interface Arg {
        record Dot() implements Arg {}

        /** {@code .A.B}: fields of dot. */
        record Field(List<String> names) implements Arg {}

        /** {@code $x.A.B}. */
        record Variable(String name, List<String> names) implements Arg {}

        /** {@code (pipeline).A.B}. */
        record Chain(Arg base, List<String> names) implements Arg {}

        record Function(String name) implements Arg {}

        record Literal(Object value) implements Arg {}

        record Sub(Pipe pipe) implements Arg {}
    }
}
