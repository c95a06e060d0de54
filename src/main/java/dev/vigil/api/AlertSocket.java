package dev.vigil.api;

import java.util.Optional;

import dev.vigil.alert.AlertHub;
import dev.vigil.alert.Messages;
import dev.vigil.stream.LiveStream;
import dev.vigil.stream.StreamRegistry;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;

/**
 * One socket at /ws/alerts/{user_id}; a new instance per connection. With ?since={alert_id} the
 * socket first gets every stored alert of the user after that id ("replayed": true), then the
 * live ones; since=0 replays everything kept.
 */
public final class AlertSocket implements WsListener {
    public static final String PATH_PREFIX = "/ws/alerts/";

    private final AlertHub hub;
    private final StreamRegistry registry;
    private String userId;
    private long since = -1;
    private AlertHub.Subscriber subscriber;

    public AlertSocket(AlertHub hub, StreamRegistry registry) {
        this.hub = hub;
        this.registry = registry;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        String path = prologue.uriPath().path();
        String candidate = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
        try {
            userId = Requests.userId(candidate);
        } catch (ApiException e) {
            throw new WsUpgradeException(e.getMessage());
        }
        if (prologue.query().contains("since")) {
            String value = prologue.query().get("since");
            try {
                since = Long.parseLong(value);
            } catch (NumberFormatException e) {
                since = -1;
            }
            if (since < 0) {
                throw new WsUpgradeException("since must be an alert_id (0 or more), got \"" + value + "\"");
            }
        }
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        subscriber = hub.subscribe(userId, session, Messages.connected(userId,
                registry.streamsOf(userId).stream().map(LiveStream::streamId).toList()), since);
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        release();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        release();
    }

    private void release() {
        if (subscriber != null) {
            hub.unsubscribe(subscriber);
            subscriber = null;
        }
    }
}
