package dev.tcpswarm.cli;

import dev.tcpswarm.verdict.Threshold;
import dev.tcpswarm.verdict.ThresholdSyntaxException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --threshold EXPR} and {@code --fail-when EXPR}: parsed at once, so a typo fails before any connection. */
public final class ThresholdConverter implements ITypeConverter<Threshold> {
    @Override
    public Threshold convert(String value) {
        try {
            return Threshold.parse(value);
        } catch (ThresholdSyntaxException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
