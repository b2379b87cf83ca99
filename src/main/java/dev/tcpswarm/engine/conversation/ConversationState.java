package dev.tcpswarm.engine.conversation;

import dev.tcpswarm.engine.FailureClassifier;
import dev.tcpswarm.engine.Phase;
import dev.tcpswarm.stats.ErrorReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * One connection's side of a conversation: the handler that collects what the server sends (after
 * TLS: it sits right behind the {@code tls} handler when there is one) into the bytes since the last
 * match, matches them against the expect step under way, and keeps the last match's groups for the
 * sends after it. Installed by the conversation's first step, removed by its last (what is
 * received after that goes on down the pipeline as before).
 *
 * <p>Threads: the channel's event loop only.
 */
final class ConversationState extends ChannelInboundHandlerAdapter {
    /** How many bytes of an answer messages and the API show. */
    static final int SHOWN_BYTES = 80;
    /** The most bytes an expect waits through before it gives up on a match. */
    static final int MAX_BUFFERED = 64 * 1024;
    static final String NAME = "conversation";

    private final long startNanos = System.nanoTime();
    /** What came since the last match, one char per byte. */
    private final StringBuilder received = new StringBuilder();
    private List<String> captures = List.of();
    private long firstByteNanos = -1;
    private boolean resetSeen;
    /** The expect under way, or null. */
    private Step.Expect expect;
    private Phase.Outcome outcome;

    /** The connection's state: the one installed, or a new one, installed now. */
    static ConversationState on(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        ConversationState state = pipeline.get(ConversationState.class);
        if (state == null) {
            state = new ConversationState();
            if (pipeline.get("tls") != null) {
                pipeline.addAfter("tls", NAME, state);
            } else {
                pipeline.addFirst(NAME, state);
            }
        }
        return state;
    }

    /** The connection's state, or null when it holds none. */
    static ConversationState of(Channel channel) {
        return channel.pipeline().get(ConversationState.class);
    }

    /** The groups of the last match, group 0 first. */
    List<String> captures() {
        return captures;
    }

    /** The conversation is over: the handler leaves the pipeline, and what it held unmatched is dropped. */
    void end(Channel channel) {
        expect = null;
        outcome = null;
        if (channel.pipeline().context(this) != null) {
            channel.pipeline().remove(this);
        }
    }

    /** {@code step} waits for its answer, told to {@code told}: at once if it came already. */
    void await(Step.Expect step, Phase.Outcome told) {
        expect = step;
        outcome = told;
        tryMatch();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            int n = buf.readableBytes();
            if (n > 0 && firstByteNanos < 0) {
                firstByteNanos = System.nanoTime() - startNanos;
            }
            for (int i = buf.readerIndex(), end = buf.writerIndex(); i < end; i++) {
                received.append((char) (buf.getByte(i) & 0xff));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
        tryMatch();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        boolean reset = FailureClassifier.isReset(cause);
        resetSeen |= reset;
        if (outcome != null) {
            Phase.Outcome told = outcome;
            expect = null;
            outcome = null;
            told.failed(reset ? ErrorReason.RESET : ErrorReason.OTHER, cause);
        }
        ctx.fireExceptionCaught(cause);
    }

    private void tryMatch() {
        if (expect == null) {
            return;
        }
        Step.Expect e = expect;
        List<String> groups;
        int end;
        if (e.pattern() == null) {
            if (received.length() < e.byteCount()) {
                return;
            }
            end = e.byteCount();
            groups = List.of(received.substring(0, end));
        } else {
            Matcher m = e.pattern().matcher(received);
            if (!m.find()) {
                if (received.length() > 0 && (!m.hitEnd() || received.length() >= MAX_BUFFERED)) {
                    fail(mismatch(e, ""));
                }
                return;
            }
            end = m.end();
            groups = new ArrayList<>(m.groupCount() + 1);
            for (int g = 0; g <= m.groupCount(); g++) {
                groups.add(m.group(g));
            }
        }
        captures = groups;
        String matched = received.substring(0, end);
        received.delete(0, e.discardRest() ? received.length() : end);
        Phase.Outcome told = outcome;
        expect = null;
        outcome = null;
        String shown = groups.size() > 1 && groups.get(1) != null
                ? ShownBytes.firstLine(groups.get(1), SHOWN_BYTES) : ShownBytes.firstLine(matched, SHOWN_BYTES);
        told.passed(new ExpectMatch(shown, e.answer(), firstByteNanos));
    }

    private void fail(Phase.Failure failure) {
        Phase.Outcome told = outcome;
        expect = null;
        outcome = null;
        told.failed(failure.reason(), failure.cause());
    }

    /** The answer is not the one {@code e} expects. */
    private Phase.Failure mismatch(Step.Expect e, String suffix) {
        String got = ShownBytes.quote(received, SHOWN_BYTES);
        String words = e.mismatch() == ErrorReason.STARTTLS_REFUSED
                ? "STARTTLS refused: got " + got
                : "expected " + e.shown() + " but got " + got;
        return new Phase.Failure(e.mismatch(), new ConversationFailure(words + suffix, firstLine()));
    }

    /** Why {@code e} failed when its time ran out after {@code timeout} (e.g. {@code 1s}). */
    Phase.Failure timedOut(Step.Expect e, String timeout) {
        expect = null;
        outcome = null;
        if (received.length() == 0) {
            return new Phase.Failure(ErrorReason.NO_ANSWER, new ConversationFailure("no answer within " + timeout, ""));
        }
        return mismatch(e, " (nothing more within " + timeout + ")");
    }

    /** Why the step under way failed when the server closed the connection. */
    Phase.Failure closed() {
        expect = null;
        outcome = null;
        if (resetSeen) {
            return new Phase.Failure(ErrorReason.RESET, null);
        }
        String words = ErrorReason.CLOSED_BEFORE_ANSWER.description();
        if (received.length() > 0) {
            words += ", after " + ShownBytes.quote(received, SHOWN_BYTES);
        }
        return new Phase.Failure(ErrorReason.CLOSED_BEFORE_ANSWER, new ConversationFailure(words, firstLine()));
    }

    private String firstLine() {
        return ShownBytes.firstLine(received, SHOWN_BYTES);
    }
}
