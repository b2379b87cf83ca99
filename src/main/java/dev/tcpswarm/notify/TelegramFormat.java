package dev.tcpswarm.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Set;

/**
 * {@code type: telegram}: the Bot API's {@code sendMessage}, a JSON POST to
 * {@code /bot<token>/sendMessage}. The documented fields: {@code chat_id} (required: an integer, or
 * {@code @channelusername}), {@code text} (required, 1-4096 characters; plain, no parse mode, so
 * nothing in it is markup) and {@code link_preview_options}. Telegram answers
 * {@code {"ok":true,"result":...}}; errors are {@code {"ok":false,"error_code":...,"description":...}},
 * and a 429 says {@code parameters.retry_after}. Immutable.
 */
public record TelegramFormat(URI url, Secret token, String chatId, List<Secret> secrets) implements HttpFormat {
    static final ChannelTypes.Type TYPE = new ChannelTypes.Type("telegram", Set.of("url", "token", "chat_id"), Set.of("token"),
            TelegramFormat::read);

    static TelegramFormat read(ChannelSettings s) throws BadSetting {
        URI url = s.has("url") ? s.url("url", false) : URI.create("https://api.telegram.org");
        Secret token = s.secret("token", true);
        if (!token.reveal().matches("[0-9]+:[A-Za-z0-9_-]+")) {
            throw s.error("token", "a bot token is the bot's number, ':' and its key, as BotFather gives it");
        }
        String chat = s.text("chat_id");
        if (!chat.matches("-?[0-9]+|@[A-Za-z0-9_]{5,}")) {
            throw s.error("chat_id", "'" + chat + "' is not a chat id: a number, or @channelusername");
        }
        return new TelegramFormat(url, token, chat, List.of(token));
    }

    @Override
    public HttpCall request(AlertNotice n) {
        ObjectNode body = Json.object();
        if (chatId.startsWith("@")) {
            body.put("chat_id", chatId);
        } else {
            body.put("chat_id", Long.parseLong(chatId));
        }
        body.put("text", Json.cut(n.title() + "\n\n" + n.plainText(), 4096));
        body.putObject("link_preview_options").put("is_disabled", true);
        String path = url.getPath() == null ? "" : url.getPath();
        URI send = url.resolve((path.endsWith("/") ? path : path + "/") + "bot" + token.reveal() + "/sendMessage");
        return HttpCall.postJson(send, Json.bytes(body));
    }

    @Override
    public DeliveryResult answer(int status, HttpHeaders headers, String body) {
        JsonNode answer = Json.parse(body);
        if (status / 100 == 2 && answer.path("ok").asBoolean(false)) {
            return DeliveryResult.delivered();
        }
        if (status == 429) {
            JsonNode retry = answer.path("parameters").path("retry_after");
            return HttpAnswers.rateLimited(retry.isNumber() ? retry.asLong() * 1000
                    : HttpAnswers.retryAfterMillis(headers).orElse(0L));
        }
        String d = answer.path("description").asText("");
        return HttpAnswers.refused(status / 100 == 2 ? 400 : status, d.isEmpty() ? HttpAnswers.detail(body) : d);
    }
}
