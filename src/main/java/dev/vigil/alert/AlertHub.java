package dev.vigil.alert;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.vigil.store.AlertStore;
import dev.vigil.store.StoreException;
import dev.vigil.store.StoredAlert;
import dev.vigil.observe.Meters;
import io.helidon.common.buffers.BufferData;
import io.helidon.metrics.api.Counter;
import io.helidon.websocket.WsSession;

/**
 * Fans messages out to every WebSocket of a user. Each socket has its own bounded queue and
 * sender thread, so a slow or dead client never blocks the analysis or other clients.
 *
 * <p>A socket opened with a replay point first gets the stored alerts after it, sent by its own
 * sender thread while live messages wait in its queue; live alerts the replay already carried
 * (their alert_id is at or below the last one replayed) are then skipped, so the seam has
 * neither a gap nor a duplicate. That holds because alerts are stored before they are published:
 * an alert published after the socket subscribed is either in the store when the replay reads
 * it, or has a higher id than anything replayed.
 */
public final class AlertHub implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AlertHub.class.getName());
    private static final Outgoing PING = new Outgoing("ping", 0);
    /** Closes the socket after what was queued before it (see {@link #closeUser}). */
    private static final Outgoing CLOSE = new Outgoing("close", 0);
    /** How long {@link #closeUser} lets a socket send what it has queued before cutting it. */
    private static final long CLOSE_GRACE_MILLIS = 5_000;
    private static final int REPLAY_PAGE = 200;

    private final AlertHubConfig config;
    private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pinger;
    private final Counter messagesSent;
    private final Counter messagesDropped;
    private final AtomicLong messagesReplayed = new AtomicLong();
    private final AtomicLong replayFailures = new AtomicLong();
    private final AlertStore store;

    /** A message waiting for a socket; alertId is 0 for everything but stored alerts. */
    private record Outgoing(String text, long alertId) {
    }

    /** @param store where replays read from; null for a hub without history */
    public AlertHub(AlertHubConfig config, AlertStore store, Meters meters) {
        this.config = config;
        this.store = store;
        this.messagesSent = meters.messagesSent();
        this.messagesDropped = meters.messagesDropped();
        meters.gauge("vigil.websockets", "Alert WebSockets open now", this::socketCount);
        this.pinger = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ws-ping").daemon().factory());
        long interval = config.pingInterval().toMillis();
        pinger.scheduleWithFixedDelay(this::pingAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** One open socket of a user. */
    public final class Subscriber {
        private final String userId;
        /** The user who opened the socket (the path's user, or an admin); null when auth is off. */
        private final String callerId;
        private final WsSession session;
        private final BlockingQueue<Outgoing> queue = new ArrayBlockingQueue<>(config.queueCapacity());
        private final Thread sender;
        private final String greeting;
        /** Replay the stored alerts after this id first; negative: no replay. */
        private final long replayAfter;
        private volatile boolean open = true;
        /**
         * Messages handed to this socket and not yet written (queued or being written): counted up
         * before a message is queued and down once the sender is done with it, so a message the
         * sender has just taken still counts and {@link #awaitDrained} cannot miss it.
         */
        private final AtomicInteger unsent = new AtomicInteger();
        /** closeUser queued CLOSE: nothing more is queued, the sender closes with these. */
        private volatile boolean closing;
        private volatile int closeCode;
        private volatile String closeReason;

        private Subscriber(String userId, String callerId, WsSession session, String greeting, long replayAfter) {
            this.userId = userId;
            this.callerId = callerId;
            this.session = session;
            this.greeting = greeting;
            this.replayAfter = replayAfter;
            this.sender = Thread.ofVirtual().name("ws-send-" + userId).unstarted(this::sendLoop);
        }

        private void enqueue(Outgoing message) {
            if (closing) {
                return;
            }
            unsent.incrementAndGet(); // before the offer: the sender may take it at once
            boolean queued = false;
            while (open && !(queued = queue.offer(message))) {
                if (queue.poll() != null) {
                    messagesDropped.increment();
                    unsent.decrementAndGet();
                }
            }
            if (!queued) {
                unsent.decrementAndGet();
            }
        }

        private void sendLoop() {
            try {
                long replayedThrough = replayAfter >= 0 ? replay() : 0;
                while (open) {
                    Outgoing message = queue.take();
                    try {
                        if (message == PING) {
                            session.ping(BufferData.empty());
                        } else if (message == CLOSE) {
                            session.close(closeCode, closeReason);
                            unsubscribe(this);
                            return;
                        } else if (message.alertId() == 0 || message.alertId() > replayedThrough) {
                            session.send(message.text(), true);
                            messagesSent.increment();
                        }
                    } finally {
                        unsent.decrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "socket of " + userId + " failed; dropping it", e);
                unsubscribe(this);
            }
        }

        /** Sends the stored alerts after replayAfter, oldest first; returns the last id sent. */
        private long replay() {
            long last = replayAfter;
            if (store == null) {
                return last;
            }
            try {
                while (open) {
                    List<StoredAlert> page = store.after(userId, last, REPLAY_PAGE);
                    for (StoredAlert alert : page) {
                        session.send(AlertMessage.withFrame(AlertMessage.parse(alert.record().messageJson()),
                                alert.record().alertId(), alert.jpeg(), true), true);
                        messagesReplayed.incrementAndGet();
                        last = alert.record().alertId();
                    }
                    if (page.size() < REPLAY_PAGE) {
                        break;
                    }
                }
            } catch (StoreException e) {
                // The socket still gets every live alert; the client can ask again with since.
                replayFailures.incrementAndGet();
                LOG.log(Level.WARNING, "replay for " + userId + " stopped after alert " + last + ": " + e.getMessage());
            }
            return last;
        }
    }

    /**
     * Registers a socket. Its sender sends the greeting first, then (replayAfter >= 0) the stored
     * alerts after replayAfter, then live messages.
     */
    public Subscriber subscribe(String userId, WsSession session, String greeting, long replayAfter) {
        return subscribe(userId, null, session, greeting, replayAfter);
    }

    /** As {@link #subscribe(String, WsSession, String, long)}, remembering who opened the socket. */
    public Subscriber subscribe(String userId, String callerId, WsSession session, String greeting, long replayAfter) {
        Subscriber subscriber;
        // Counting and adding under one lock, so concurrent upgrades cannot overshoot a limit.
        synchronized (subscribers) {
            if (socketCount() >= config.maxSockets()) {
                throw new SocketLimitException(true, "the server holds its maximum of " + config.maxSockets()
                        + " alert sockets; try again later");
            }
            Set<Subscriber> own = subscribers.get(userId);
            if (own != null && own.size() >= config.maxSocketsPerUser()) {
                throw new SocketLimitException(false, "this user already holds the maximum of "
                        + config.maxSocketsPerUser() + " alert sockets; close one first");
            }
            subscriber = new Subscriber(userId, callerId, session, greeting, replayAfter);
            subscribers.computeIfAbsent(userId, id -> new CopyOnWriteArraySet<>()).add(subscriber);
        }
        // The greeting goes out on the opening thread, before the sender starts: a first frame
        // written from another thread while Helidon was still finishing a cross-origin upgrade
        // never reached the client.
        if (greeting != null) {
            session.send(greeting, true);
            messagesSent.increment();
        }
        subscriber.sender.start();
        return subscriber;
    }

    public void unsubscribe(Subscriber subscriber) {
        subscriber.open = false;
        subscriber.sender.interrupt();
        remove(subscriber);
    }

    private void remove(Subscriber subscriber) {
        subscribers.computeIfPresent(subscriber.userId, (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Ends every socket of a user who no longer exists: those on the user's path and those the
     * user opened (an admin watching others). Each gets finalMessage after what was already
     * queued for it (e.g. the stream_closed of the user's streams), then a close with code and
     * reason; a socket that cannot send within a few seconds is cut. They stop counting at once.
     * Returns how many sockets were closed.
     */
    public int closeUser(String userId, String finalMessage, int code, String reason) {
        List<Subscriber> ending = subscribers.values().stream().flatMap(Set::stream)
                .filter(s -> s.userId.equals(userId) || userId.equals(s.callerId)).toList();
        for (Subscriber subscriber : ending) {
            subscriber.enqueue(new Outgoing(finalMessage, 0));
            subscriber.closeCode = code;
            subscriber.closeReason = reason;
            subscriber.enqueue(CLOSE);
            subscriber.closing = true;
            remove(subscriber);
            if (pinger.isShutdown()) {
                continue; // the hub is closing: close() ends every socket anyway
            }
            pinger.schedule(() -> {
                if (subscriber.open) {
                    unsubscribe(subscriber);
                    try {
                        subscriber.session.close(code, reason);
                    } catch (RuntimeException e) {
                        LOG.log(Level.FINE, "closing a socket of deleted user " + userId + " failed", e);
                    }
                }
            }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
        return ending.size();
    }

    /** Queues a message to every socket of the user; returns how many sockets it went to. */
    public int publish(String userId, String message) {
        return publish(userId, message, 0);
    }

    /** Queues a stored alert (alertId > 0, so replays can skip it) to every socket of the user. */
    public int publishAlert(String userId, String message, long alertId) {
        return publish(userId, message, alertId);
    }

    private int publish(String userId, String message, long alertId) {
        Set<Subscriber> set = subscribers.get(userId);
        if (set == null) {
            return 0;
        }
        Outgoing outgoing = new Outgoing(message, alertId);
        for (Subscriber subscriber : set) {
            subscriber.enqueue(outgoing);
        }
        return set.size();
    }

    public boolean hasSockets(String userId) {
        return subscribers.containsKey(userId);
    }

    public int socketCount() {
        return subscribers.values().stream().mapToInt(Set::size).sum();
    }

    public long messagesSent() {
        return messagesSent.count();
    }

    public long messagesDropped() {
        return messagesDropped.count();
    }

    /** Waits until every socket's queue is empty (sent), at most the given time; true if all drained. */
    public boolean awaitDrained(java.time.Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (subscribers.values().stream().flatMap(Set::stream).anyMatch(subscriber -> subscriber.open && subscriber.unsent.get() > 0)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    public long messagesReplayed() {
        return messagesReplayed.get();
    }

    public long replayFailures() {
        return replayFailures.get();
    }

    private void pingAll() {
        subscribers.values().forEach(set -> set.forEach(subscriber -> subscriber.enqueue(PING)));
    }

    @Override
    public void close() {
        pinger.shutdownNow();
        for (Set<Subscriber> set : List.copyOf(subscribers.values())) {
            for (Subscriber subscriber : set) {
                unsubscribe(subscriber);
                try {
                    subscriber.session.close(1001, "server shutting down");
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "closing socket failed", e);
                }
            }
        }
    }
}
