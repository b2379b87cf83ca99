package dev.tcpswarm.notify;

import java.net.http.HttpHeaders;
import java.util.List;

/**
 * An HTTP provider's side of a channel: which request a notice becomes, and what the provider's
 * answer means. One small class per provider implements it (Slack, Discord, PagerDuty, ...);
 * {@link HttpChannel} sends. Implementations are immutable values.
 */
public interface HttpFormat extends ChannelSpec {
    /** The request for {@code notice}: the provider's documented payload. */
    HttpCall request(AlertNotice notice);

    /** The values to keep out of every message: keys, tokens, webhook addresses. */
    List<Secret> secrets();

    /** What the answer means: by default, any 2xx is delivered (see {@link HttpAnswers#judge}). */
    default DeliveryResult answer(int status, HttpHeaders headers, String body) {
        return HttpAnswers.judge(status, headers, body);
    }

    @Override
    default NoticeChannel open(ProviderContext context) {
        return new HttpChannel(this, context);
    }
}
