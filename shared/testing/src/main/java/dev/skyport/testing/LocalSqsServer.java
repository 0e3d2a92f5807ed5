package dev.skyport.testing;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A loopback HTTP server that speaks the SQS JSON protocol's {@code SendMessage}, so the real SDK client and the real
 * {@code SqsMailQueue} run in tests (a message's {@code DelaySeconds}, at most 900 as SQS allows, holds it back), and
 * that delivers what it received as Lambda would: an {@link SQSEvent} to a
 * consumer (the real handler), asynchronously, again after a short visibility delay for each batch item failure, to
 * the dead letters after {@link #MAX_RECEIVES} receives. {@link #awaitDrained} is how a test knows the work is over.
 */
public final class LocalSqsServer implements AutoCloseable {

    public static final int MAX_RECEIVES = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:000000000000:skyport-mail";

    private final HttpServer server;
    private final Duration visibility;
    private final DelayQueue<Pending> pending = new DelayQueue<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> deadLetters = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Thread deliverer;
    private volatile Function<SQSEvent, SQSBatchResponse> consumer;
    private int outstanding;

    public LocalSqsServer() {
        this(Duration.ofMillis(200));
    }

    /** @param visibility how long a failed message stays invisible before it is delivered again */
    public LocalSqsServer(Duration visibility) {
        this.visibility = visibility;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
        deliverer = Thread.ofPlatform().daemon().name("local-sqs-delivery").start(this::deliverForever);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String queueUrl() {
        return endpoint() + "/000000000000/skyport-mail";
    }

    /** The properties that point a Skyport application at this queue. */
    public Map<String, String> properties() {
        return Map.of("skyport.aws.endpoints.sqs", endpoint().toString(), "skyport.mail-queue.url", queueUrl());
    }

    /** Starts delivering to the consumer (messages sent before wait for it). */
    public void deliverTo(Function<SQSEvent, SQSBatchResponse> consumer) {
        this.consumer = consumer;
    }

    /** Every message body sent so far, in order. */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** The bodies that failed {@link #MAX_RECEIVES} times. */
    public List<String> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** Sends a message again, as SQS does now and then (at least once): a consumer must not do its work twice. */
    public void redeliver(String body) {
        enqueue(body, 0, Duration.ZERO);
    }

    /** Waits until every message was handled or dead-lettered; fails past the limit. */
    public void awaitDrained(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (lock) {
            while (outstanding > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(outstanding + " queued message(s) still not handled after " + limit
                            + (consumer == null ? " (nothing consumes the queue)" : ""));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        if (!"AmazonSQS.SendMessage".equals(target) || !body.path("MessageBody").isTextual()) {
            respond(exchange, 400, "{\"__type\":\"com.amazonaws.sqs#InvalidAction\",\"message\":\"only SendMessage\"}");
            return;
        }
        if (!queueUrl().equals(body.path("QueueUrl").asText())) {
            respond(exchange, 400, "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"no such queue\"}");
            return;
        }
        int delaySeconds = body.path("DelaySeconds").asInt(0);
        if (delaySeconds < 0 || delaySeconds > 900) {
            // as SQS: a message may wait at most 15 minutes before it is first delivered
            respond(exchange, 400, "{\"__type\":\"com.amazonaws.sqs#InvalidParameterValue\",\"message\":"
                    + "\"DelaySeconds must be from 0 to 900\"}");
            return;
        }
        String message = body.path("MessageBody").asText();
        received.add(message);
        enqueue(message, 0, Duration.ofSeconds(delaySeconds));
        respond(exchange, 200, JSON.writeValueAsString(Map.of("MessageId", UUID.randomUUID().toString(),
                "MD5OfMessageBody", md5(message))));
    }

    private void enqueue(String body, int receives, Duration delay) {
        synchronized (lock) {
            outstanding++;
        }
        pending.add(new Pending(UUID.randomUUID().toString(), body, receives, System.nanoTime() + delay.toNanos()));
    }

    private void deliverForever() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Pending> batch = new ArrayList<>();
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                return;
            }
            pending.drainTo(batch, 9);
            while (consumer == null) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Set<String> failed;
            try {
                SQSBatchResponse response = consumer.apply(event(batch));
                failed = response == null || response.getBatchItemFailures() == null ? Set.of()
                        : response.getBatchItemFailures().stream()
                                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
            } catch (RuntimeException | Error wholeBatchFailed) {
                failed = batch.stream().map(Pending::id).collect(Collectors.toSet());
            }
            for (Pending message : batch) {
                if (failed.contains(message.id())) {
                    if (message.receives() + 1 >= MAX_RECEIVES) {
                        deadLetters.add(message.body());
                    } else {
                        enqueue(message.body(), message.receives() + 1, visibility);
                    }
                }
            }
            synchronized (lock) {
                outstanding -= batch.size();
                lock.notifyAll();
            }
        }
    }

    private SQSEvent event(List<Pending> batch) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Pending message : batch) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.id());
            record.setReceiptHandle("handle-" + message.id());
            record.setBody(message.body());
            record.setMd5OfBody(md5(message.body()));
            record.setAttributes(Map.of("ApproximateReceiveCount", String.valueOf(message.receives() + 1)));
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(QUEUE_ARN);
            record.setAwsRegion("eu-west-1");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] answer = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        deliverer.interrupt();
        server.stop(0);
    }

    private record Pending(String id, String body, int receives, long dueNanos) implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
