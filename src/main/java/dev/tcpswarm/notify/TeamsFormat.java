package dev.tcpswarm.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * {@code type: teams}: a Microsoft Teams incoming webhook (a Workflows "post to a channel when a
 * webhook request is received" flow, or a classic connector). The documented payload:
 * {@code type: message} with one {@code attachments} item whose {@code contentType} is
 * {@code application/vnd.microsoft.card.adaptive} and whose {@code content} is an Adaptive Card
 * ({@code $schema}, {@code type: AdaptiveCard}, {@code version}, {@code body} of
 * {@code TextBlock}s and a {@code FactSet}, and an {@code Action.OpenUrl} to the status page).
 * Teams answers {@code 200} or {@code 202}. Immutable.
 */
public record TeamsFormat(Secret url, List<Secret> secrets) implements HttpFormat {
    static final ChannelTypes.Type TYPE = new ChannelTypes.Type("teams", Set.of("url"), Set.of("url"), TeamsFormat::read);

    static TeamsFormat read(ChannelSettings s) throws BadSetting {
        Secret url = new Secret(s.url("url", true).toString());
        return new TeamsFormat(url, List.of(url));
    }

    @Override
    public HttpCall request(AlertNotice n) {
        ObjectNode body = Json.object();
        body.put("type", "message");
        ObjectNode attachment = body.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode items = card.putArray("body");
        items.addObject().put("type", "TextBlock").put("size", "Medium").put("weight", "Bolder")
                .put("color", switch (n.kind()) {
                    case FIRING -> "Attention";
                    case REMINDER -> "Warning";
                    case RESOLVED -> "Good";
                    case TEST -> "Accent";
                }).put("text", "[" + n.kind() + "] " + n.alert()).put("wrap", true);
        items.addObject().put("type", "TextBlock").put("text", n.reason()).put("wrap", true);
        ArrayNode facts = items.addObject().put("type", "FactSet").putArray("facts");
        facts.addObject().put("title", n.group() ? "Group" : "Service").put("value", n.target());
        facts.addObject().put("title", "State").put("value", n.stateWord());
        facts.addObject().put("title", n.resolved() ? "Fired" : "Since").put("value", n.since());
        if (n.resolved()) {
            facts.addObject().put("title", "Resolved").put("value", n.at());
        }
        if (!n.value().isEmpty()) {
            facts.addObject().put("title", "Value").put("value", n.value());
        }
        if (!n.labels().isEmpty()) {
            facts.addObject().put("title", "Labels").put("value", n.labelText());
        }
        if (!n.link().isEmpty()) {
            card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", "Status page")
                    .put("url", n.link());
        }
        return HttpCall.postJson(URI.create(url.reveal()), Json.bytes(body));
    }
}
