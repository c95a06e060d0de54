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
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.vigil.observe.Meters;
import io.helidon.common.buffers.BufferData;
import io.helidon.metrics.api.Counter;
import io.helidon.websocket.WsSession;

/**
 * Fans messages out to every WebSocket of a user. Each socket has its own bounded queue and
 * sender thread, so a slow or dead client never blocks the analysis or other clients.
 */
public final class AlertHub implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AlertHub.class.getName());
    private static final String PING = new String("ping");

    private final AlertHubConfig config;
    private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pinger;
    private final Counter messagesSent;
    private final Counter messagesDropped;

    public AlertHub(AlertHubConfig config, Meters meters) {
        this.config = config;
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
        private final WsSession session;
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(config.queueCapacity());
        private final Thread sender;
        private volatile boolean open = true;
        /** A message taken from the queue is being written. */
        private volatile boolean sending;

        private Subscriber(String userId, WsSession session) {
            this.userId = userId;
            this.session = session;
            this.sender = Thread.ofVirtual().name("ws-send-" + userId).unstarted(this::sendLoop);
        }

        private void enqueue(String message) {
            while (open && !queue.offer(message)) {
                if (queue.poll() != null) {
                    messagesDropped.increment();
                }
            }
        }

        private void sendLoop() {
            try {
                while (open) {
                    String message = queue.take();
                    sending = true;
                    if (message == PING) {
                        session.ping(BufferData.empty());
                    } else {
                        session.send(message, true);
                        messagesSent.increment();
                    }
                    sending = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "socket of " + userId + " failed; dropping it", e);
                unsubscribe(this);
            }
        }
    }

    public Subscriber subscribe(String userId, WsSession session) {
        Subscriber subscriber = new Subscriber(userId, session);
        subscribers.computeIfAbsent(userId, id -> new CopyOnWriteArraySet<>()).add(subscriber);
        subscriber.sender.start();
        return subscriber;
    }

    public void unsubscribe(Subscriber subscriber) {
        subscriber.open = false;
        subscriber.sender.interrupt();
        subscribers.computeIfPresent(subscriber.userId, (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    /** Queues a message to every socket of the user; returns how many sockets it went to. */
    public int publish(String userId, String message) {
        Set<Subscriber> set = subscribers.get(userId);
        if (set == null) {
            return 0;
        }
        for (Subscriber subscriber : set) {
            subscriber.enqueue(message);
        }
        return set.size();
    }

    /** Sends one message to one socket only (e.g. its greeting). */
    public void send(Subscriber subscriber, String message) {
        subscriber.enqueue(message);
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
        while (subscribers.values().stream().flatMap(Set::stream).anyMatch(subscriber -> subscriber.open && (subscriber.sending || !subscriber.queue.isEmpty()))) {
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
