package org.aftm.adapter.zmq.in;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.aftm.adapter.zmq.gateway.OrderIdProof;
import org.aftm.adapter.zmq.link.LinkPeer;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.application.port.in.CheckHealthUseCase;
import org.aftm.application.port.in.ControlTradingUseCase;
import org.aftm.application.port.in.GetOrderStatesUseCase;
import org.aftm.application.port.in.GetPositionsUseCase;
import org.aftm.application.port.in.PlaceOrderUseCase;
import org.aftm.application.port.in.ReconcileUseCase;
import org.aftm.application.port.in.RelayConditionChangeUseCase;
import org.aftm.domain.order.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The order gateway server of ADR 0001 and docs/architecture.md §2.1: the one door to the broker
 * for the child processes. Serves {@code health_check}, {@code send_order} and {@code
 * get_positions}, and for the closed loop {@code get_order_states}, {@code condition_changed},
 * {@code strategy_ack} and {@code command_status}, and for the operator {@code trading_status},
 * {@code trading_halt}, {@code trading_reduce}, {@code trading_resume}, {@code trading_flatten} and
 * {@code reconcile} (when given their use cases), as JSON request/reply on a ROUTER socket, so
 * plain REQ clients (the Python ones included) work unchanged and DEALER clients may pipeline.
 *
 * <p>Malformed input of any kind gets an error reply ({@code INVALID_JSON}, {@code INVALID_FRAMES},
 * {@code REQUEST_TOO_LARGE}, ...) and the server keeps serving. Frames over {@value
 * #MAX_FRAME_BYTES} bytes are cut off by ZeroMQ, which drops that connection; anything up to that
 * size gets a reply. It maps JSON to use-case commands and back, nothing more: idempotency by
 * client order id, risk checks and the audit trail are {@link PlaceOrderUseCase}'s.
 *
 * <p>Who may do what (issue #13): an order id in AFTM's {@code aftm-} namespace passes only with
 * its {@link OrderIdProof} ({@link #checkingOrderIdsWith}; without one every such id is refused),
 * {@code flatten-} and {@code gw-} ids never pass, and a client the link authenticated by a key
 * that is not AFTM's own is refused the internal operations with {@code PERMISSION_DENIED}. Each
 * order is handed on with its sender (name and key, from the link) for the audit trail.
 *
 * <p>Bounded and fair (docs/architecture.md §12): each client (routing identity) has a token bucket
 * and a queue limit ({@link ClientLimits}); a request over them is answered at once with {@code
 * CLIENT_LIMIT} and never processed. Requests wait in per-client queues served round-robin, one per
 * client per turn, so a flooding client delays another's request by at most one request per busy
 * client. A client that does not read its replies loses them at ZeroMQ's send high-water mark
 * rather than blocking the server. The clients remembered, the requests waiting and the refusal log
 * lines are all bounded.
 *
 * <p>One thread, named {@code order-gateway}, owns the socket, the client state and the queues, and
 * calls the (thread-safe) use cases. {@link #start()}, {@link #close()} and the counters may be
 * called from any thread.
 */
public final class ZmqOrderGatewayServer implements AutoCloseable {

  /** Default limit of a request body; a larger one gets {@code REQUEST_TOO_LARGE}. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;

  /**
   * ZeroMQ's frame limit: large enough that an oversized request still reaches us and gets a reply.
   */
  public static final long MAX_FRAME_BYTES = 4L * 1024 * 1024;

  /** Frames kept per message; a request has at most an identity, a delimiter and a body. */
  private static final int MAX_FRAMES = 16;

  /**
   * Bytes of requests waiting in all, over every client: with {@link ClientLimits} it bounds the
   * gateway's memory under a flood from many identities at once.
   */
  public static final long MAX_QUEUED_BYTES = 32L * 1024 * 1024;

  /** Messages taken in between two requests served. */
  private static final int INTAKE_BATCH = 64;

  /** Replies ZeroMQ holds for a client that does not read them; more are dropped. */
  private static final int SEND_HIGH_WATER_MARK = 1000;

  private static final String TOO_MANY_CLIENTS =
      "client limit: the gateway has its most clients with requests waiting; retry later";
  private static final String GATEWAY_FULL =
      "client limit: the gateway's requests waiting hold its memory budget; retry later";

  private static final int RECEIVE_TIMEOUT_MS = 100;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(ZmqOrderGatewayServer.class);

  private final ZContext context;
  private final String bindEndpoint;
  private final GatewayRequestHandler handler;
  private final RefusalLog refusalLog = new RefusalLog();
  private final FairQueue queue;
  private final AtomicLong clientLimitRefusals = new AtomicLong();
  private final String overRateMessage;
  private final String queueFullMessage;
  private final byte[] overRateReply;
  private final byte[] queueFullReply;
  private final byte[] tooManyClientsReply;
  private final byte[] gatewayFullReply;
  // Reused for every message received; owned by the gateway thread.
  private final List<byte[]> frames = new ArrayList<>(MAX_FRAMES);
  private volatile boolean running;
  private volatile String endpoint;
  private Thread thread;
  private ZMQ.Socket socket;
  private LinkSecurity security = LinkSecurity.NONE;
  private volatile Consumer<LinkPeer> peerObserver = peer -> {};
  // Who sent the message being taken in; owned by the gateway thread.
  private LinkPeer sender = LinkPeer.UNAUTHENTICATED;

  /**
   * A server without the operator's controls ({@code trading_*} and {@code reconcile} are refused
   * as {@code UNKNOWN_OPERATION}), on the system clock, with the default request size and client
   * limits.
   *
   * @param bindEndpoint e.g. {@code tcp://127.0.0.1:5557}; {@code tcp://127.0.0.1:*} or port 0
   *     binds a free port, see {@link #endpoint()}
   */
  public ZmqOrderGatewayServer(
      ZContext context,
      String bindEndpoint,
      PlaceOrderUseCase placeOrder,
      GetPositionsUseCase getPositions,
      CheckHealthUseCase checkHealth,
      GetOrderStatesUseCase getOrderStates,
      RelayConditionChangeUseCase relayConditionChange) {
    this(
        context,
        bindEndpoint,
        placeOrder,
        getPositions,
        checkHealth,
        getOrderStates,
        relayConditionChange,
        null,
        null,
        InstantSource.system(),
        DEFAULT_MAX_REQUEST_BYTES,
        ClientLimits.DEFAULT);
  }

  /**
   * A server without the operator's controls, with the default client limits.
   *
   * @param clock gives {@code health_check}'s timestamp
   * @param maxRequestBytes a larger request body gets {@code REQUEST_TOO_LARGE}
   */
  public ZmqOrderGatewayServer(
      ZContext context,
      String bindEndpoint,
      PlaceOrderUseCase placeOrder,
      GetPositionsUseCase getPositions,
      CheckHealthUseCase checkHealth,
      GetOrderStatesUseCase getOrderStates,
      RelayConditionChangeUseCase relayConditionChange,
      InstantSource clock,
      int maxRequestBytes) {
    this(
        context,
        bindEndpoint,
        placeOrder,
        getPositions,
        checkHealth,
        getOrderStates,
        relayConditionChange,
        null,
        null,
        clock,
        maxRequestBytes,
        ClientLimits.DEFAULT);
  }

  /** A server with the operator's controls and these client limits: the main process's. */
  public ZmqOrderGatewayServer(
      ZContext context,
      String bindEndpoint,
      PlaceOrderUseCase placeOrder,
      GetPositionsUseCase getPositions,
      CheckHealthUseCase checkHealth,
      GetOrderStatesUseCase getOrderStates,
      RelayConditionChangeUseCase relayConditionChange,
      ControlTradingUseCase controlTrading,
      ReconcileUseCase reconcile,
      ClientLimits limits) {
    this(
        context,
        bindEndpoint,
        placeOrder,
        getPositions,
        checkHealth,
        getOrderStates,
        relayConditionChange,
        Objects.requireNonNull(controlTrading, "controlTrading"),
        Objects.requireNonNull(reconcile, "reconcile"),
        InstantSource.system(),
        DEFAULT_MAX_REQUEST_BYTES,
        limits);
  }

  /**
   * @param controlTrading serves the {@code trading_*} operations, or null to refuse them
   * @param reconcile serves {@code reconcile}, or null to refuse it
   * @param clock gives {@code health_check}'s timestamp
   * @param maxRequestBytes a larger request body gets {@code REQUEST_TOO_LARGE}
   * @param limits per-client rate and queue limits; a request over them gets {@code CLIENT_LIMIT}
   */
  public ZmqOrderGatewayServer(
      ZContext context,
      String bindEndpoint,
      PlaceOrderUseCase placeOrder,
      GetPositionsUseCase getPositions,
      CheckHealthUseCase checkHealth,
      GetOrderStatesUseCase getOrderStates,
      RelayConditionChangeUseCase relayConditionChange,
      ControlTradingUseCase controlTrading,
      ReconcileUseCase reconcile,
      InstantSource clock,
      int maxRequestBytes,
      ClientLimits limits) {
    if (maxRequestBytes <= 0 || maxRequestBytes > MAX_FRAME_BYTES) {
      throw new IllegalArgumentException(
          "maxRequestBytes must be 1.." + MAX_FRAME_BYTES + " but was " + maxRequestBytes);
    }
    this.context = context;
    this.bindEndpoint = bindEndpoint;
    this.handler =
        new GatewayRequestHandler(
            placeOrder,
            getPositions,
            checkHealth,
            getOrderStates,
            relayConditionChange,
            controlTrading,
            reconcile,
            clock,
            maxRequestBytes);
    this.queue = new FairQueue(limits, MAX_QUEUED_BYTES, refusalLog);
    this.overRateMessage =
        "client limit: more than "
            + limits.maxRequestsPerSecond()
            + " requests a second from this client; retry later, slower";
    this.queueFullMessage =
        "client limit: "
            + limits.maxQueuedRequests()
            + " requests of this client already waiting; retry later";
    // The refusals are built once: answering a flood costs no JSON writing.
    this.overRateReply = handler.error(ErrorCode.CLIENT_LIMIT, overRateMessage);
    this.queueFullReply = handler.error(ErrorCode.CLIENT_LIMIT, queueFullMessage);
    this.tooManyClientsReply = handler.error(ErrorCode.CLIENT_LIMIT, TOO_MANY_CLIENTS);
    this.gatewayFullReply = handler.error(ErrorCode.CLIENT_LIMIT, GATEWAY_FULL);
  }

  /**
   * Lets {@code send_order} use ids in AFTM's {@code aftm-} namespace when they carry their {@link
   * OrderIdProof} under the install's secret. Without it the server refuses every {@code aftm-} id
   * with {@code RESERVED_ORDER_ID}, so a gateway wired without the secret cannot be squatted
   * either. The gateway thread owns {@code proof} from {@link #start()} on: give it an instance no
   * other thread uses.
   *
   * @return this server
   * @throws IllegalStateException when already started
   */
  public synchronized ZmqOrderGatewayServer checkingOrderIdsWith(OrderIdProof proof) {
    if (thread != null) {
      throw new IllegalStateException("the order-id proof is given before start()");
    }
    handler.checkOrderIdsWith(Objects.requireNonNull(proof, "proof"));
    return this;
  }

  /**
   * Secures the socket {@link #start()} binds; without it the gateway is plain ZeroMQ and every
   * request comes from {@link LinkPeer#UNAUTHENTICATED}. With a CURVE server end, each request
   * carries the allow-listed peer its connection authenticated as.
   */
  public synchronized ZmqOrderGatewayServer securedBy(LinkSecurity security) {
    if (thread != null) {
      throw new IllegalStateException("order gateway server already started");
    }
    this.security = Objects.requireNonNull(security, "security");
    return this;
  }

  /** Tests see here, on the gateway thread, the peer of each request handed to the handler. */
  void observePeers(Consumer<LinkPeer> observer) {
    this.peerObserver = Objects.requireNonNull(observer, "observer");
  }

  /**
   * Binds the socket (on the caller's thread, so a bad address fails here) and starts serving.
   *
   * @throws org.zeromq.ZMQException when the address cannot be bound
   * @throws IllegalStateException when already started
   */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("order gateway server already started");
    }
    ZMQ.Socket bound = context.createSocket(SocketType.ROUTER);
    try {
      security.apply(context, bound);
      bound.setMaxMsgSize(MAX_FRAME_BYTES);
      bound.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
      bound.setSndHWM(SEND_HIGH_WATER_MARK);
      // Off (the default) so a reply to a full or gone client is dropped, never blocks the thread.
      bound.setRouterMandatory(false);
      bound.setLinger(0);
      bound.bind(bindEndpoint);
    } catch (RuntimeException e) {
      bound.close();
      throw e;
    }
    socket = bound;
    endpoint = bound.getLastEndpoint();
    running = true;
    // Thread.start() publishes the socket to the new thread, which owns it from here on.
    thread = new Thread(this::serve, "order-gateway");
    thread.setDaemon(true);
    thread.start();
    LOG.info("Order gateway server listening on {}", endpoint);
  }

  /** The bound endpoint, e.g. {@code tcp://127.0.0.1:5557}; null before {@link #start()}. */
  public String endpoint() {
    return endpoint;
  }

  /** The bound TCP port. */
  public int port() {
    String bound = endpoint;
    if (bound == null) {
      throw new IllegalStateException("order gateway server not started");
    }
    return Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1));
  }

  public boolean isRunning() {
    return running;
  }

  /** Requests answered with {@code CLIENT_LIMIT} since start; readable from any thread. */
  public long clientLimitRefusals() {
    return clientLimitRefusals.get();
  }

  /**
   * Clients (routing identities) the server keeps state for; at most {@link
   * ClientLimits#maxClients()}.
   */
  public int trackedClients() {
    return queue.clientCount();
  }

  /** Requests received and waiting for their client's turn. */
  public int queuedRequests() {
    return queue.queuedRequests();
  }

  /** Stops serving, waits for the server thread and closes the socket. Idempotent. */
  @Override
  public void close() {
    Thread serving;
    synchronized (this) {
      running = false;
      serving = thread;
    }
    if (serving == null || serving == Thread.currentThread()) {
      return;
    }
    try {
      serving.join(STOP_TIMEOUT.toMillis());
      if (serving.isAlive()) {
        LOG.warn("Order gateway server thread did not stop within {}; interrupting", STOP_TIMEOUT);
        serving.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void serve() {
    try {
      while (running) {
        try {
          turn();
        } catch (ZMQException e) {
          if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
            LOG.info("ZeroMQ context closed; order gateway server stops");
            break;
          }
          LOG.error("Order gateway socket error; serving on", e);
        } catch (RuntimeException e) {
          LOG.error("Unexpected failure in the order gateway loop; serving on", e);
        }
      }
    } finally {
      running = false;
      try {
        socket.close();
      } catch (RuntimeException e) {
        LOG.debug("Closing the order gateway socket failed", e);
      }
      LOG.info("Order gateway server on {} stopped", endpoint);
    }
  }

  /**
   * One turn: waits for a request only when none is waiting, takes in what has arrived (up to
   * {@value #INTAKE_BATCH} messages, so a flood cannot starve the serving), then serves the next
   * client's first request.
   */
  private void turn() {
    if (!queue.hasWaiting() && !receive(0)) {
      return; // receive timeout: check the running flag
    }
    for (int i = 0; i < INTAKE_BATCH && receive(ZMQ.DONTWAIT); i++) {
      // taking in what has arrived
    }
    QueuedRequest request = queue.next();
    if (request != null) {
      serve(request);
    }
  }

  /** Receives one message, if one comes, and queues or refuses it. */
  private boolean receive(int flags) {
    zmq.Msg first = socket.recvMsg(flags);
    if (first == null) {
      return false;
    }
    frames.clear();
    frames.add(first.data());
    // The router's identity frame carries no metadata; the peer's own frames carry the ZAP user id
    // of their connection.
    sender = LinkPeer.UNAUTHENTICATED;
    int frameCount = 1;
    while (socket.hasReceiveMore()) {
      zmq.Msg part = socket.recvMsg(0);
      frameCount++;
      if (part != null) {
        if (sender == LinkPeer.UNAUTHENTICATED) {
          sender = security.peerOf(part);
        }
        if (frames.size() < MAX_FRAMES) {
          frames.add(part.data());
        }
      }
    }
    admit(frameCount);
    return true;
  }

  private void admit(int frameCount) {
    long now = System.nanoTime();
    int delimiter = delimiterIndex(frames);
    // REQ clients send identity, empty delimiter, body; DEALER clients may omit the delimiter.
    int bodyStart = delimiter >= 0 ? delimiter + 1 : 1;
    int bodyFrames = frameCount - bodyStart;
    byte[][] envelope = frames.subList(0, bodyStart).toArray(new byte[bodyStart][]);
    byte[] body = null;
    int bodyBytes = -1;
    if (bodyFrames == 1 && bodyStart < frames.size()) {
      body = frames.get(bodyStart);
      bodyBytes = body.length;
      if (handler.isTooLarge(bodyBytes)) {
        body = null; // only its size is needed for the reply
      }
    } else if (bodyFrames == 1) {
      bodyFrames = frameCount; // the body lies beyond the frames kept: refuse as malformed
    }
    GatewayClient client = queue.client(frames.get(0), now);
    if (client == null) {
      refuse(envelope, tooManyClientsReply);
      refusalLog.refused(null, ErrorCode.CLIENT_LIMIT, TOO_MANY_CLIENTS, now);
      return;
    }
    FairQueue.Admission admission =
        queue.offer(new QueuedRequest(client, sender, envelope, body, bodyFrames, bodyBytes), now);
    switch (admission) {
      case QUEUED:
        return;
      case OVER_RATE:
        refuse(envelope, overRateReply);
        client.refused(ErrorCode.CLIENT_LIMIT, overRateMessage);
        return;
      case QUEUE_FULL:
        refuse(envelope, queueFullReply);
        client.refused(ErrorCode.CLIENT_LIMIT, queueFullMessage);
        return;
      case GATEWAY_FULL:
        refuse(envelope, gatewayFullReply);
        client.refused(ErrorCode.CLIENT_LIMIT, GATEWAY_FULL);
        return;
      default:
        throw new IllegalStateException("unknown admission " + admission);
    }
  }

  private void refuse(byte[][] envelope, byte[] reply) {
    clientLimitRefusals.incrementAndGet();
    send(envelope, reply);
  }

  private void serve(QueuedRequest request) {
    GatewayClient client = request.client();
    byte[] reply;
    if (request.bodyFrames() != 1) {
      String message =
          "a request must be exactly one frame holding JSON, but "
              + request.bodyFrames()
              + " frames came";
      client.refused(ErrorCode.INVALID_FRAMES, message);
      reply = handler.error(ErrorCode.INVALID_FRAMES, message);
    } else if (request.bodyBytes() == 0) {
      String message = "empty request frame; expected a JSON object";
      client.refused(ErrorCode.INVALID_FRAMES, message);
      reply = handler.error(ErrorCode.INVALID_FRAMES, message);
    } else if (request.body() == null) {
      String message = handler.tooLargeMessage(request.bodyBytes());
      client.refused(ErrorCode.REQUEST_TOO_LARGE, message);
      reply = handler.error(ErrorCode.REQUEST_TOO_LARGE, message);
    } else {
      peerObserver.accept(request.peer());
      reply = handler.handle(request.body(), request.peer(), client);
    }
    send(request.envelope(), reply);
  }

  /**
   * Sends a reply. Never blocks: with ROUTER_MANDATORY off (ZeroMQ's default, kept) a reply to a
   * client whose pipe is full ({@value #SEND_HIGH_WATER_MARK} replies it has not read) or that has
   * gone is dropped.
   */
  private void send(byte[][] envelope, byte[] reply) {
    for (byte[] frame : envelope) {
      socket.sendMore(frame);
    }
    socket.send(reply, 0);
  }

  private static int delimiterIndex(List<byte[]> frames) {
    for (int i = 1; i < frames.size(); i++) {
      if (frames.get(i).length == 0) {
        return i;
      }
    }
    return -1;
  }
}
