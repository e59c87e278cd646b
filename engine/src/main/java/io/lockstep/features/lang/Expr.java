package io.lockstep.features.lang;

import java.util.List;
import java.util.Map;

/**
 * The syntax tree of one feature expression. Every node knows where it was written.
 */
public sealed interface Expr
{
    int line();

    int column();

    /** A number literal; {@code text} as written, so integers can be told from decimals. */
    record Number(double value, String text, int line, int column) implements Expr
    {
        public boolean isInteger()
        {
            return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        }
    }

    /** An event-time duration literal such as {@code 5s} or {@code 250ms}. */
    record Duration(long nanos, String text, int line, int column) implements Expr
    {
    }

    /** A name: an input such as {@code mid}, or another feature. */
    record Name(String name, int line, int column) implements Expr
    {
    }

    /** {@code Op(arg, ..., key=value, ...)}. */
    record Call(String name, List<Expr> args, Map<String, Expr> options, int line, int column) implements Expr
    {
    }

    record Unary(char operator, Expr operand, int line, int column) implements Expr
    {
    }

    /** Arithmetic ({@code + - * /}) or comparison ({@code < > <= >= == !=}). */
    record Binary(String operator, Expr left, Expr right, int line, int column) implements Expr
    {
    }
}
