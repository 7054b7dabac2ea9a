package org.aftm.adapter.zmq.in;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * <p>One thread, named {@code order-gateway}, owns the socket and calls the (thread-safe) use
 * cases. {@link #start()} and {@link #close()} may be called from any thread.
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

  private static final int RECEIVE_TIMEOUT_MS = 100;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(ZmqOrderGatewayServer.class);

  private final ZContext context;
  private final String bindEndpoint;
  private final GatewayRequestHandler handler;
  private volatile boolean running;
  private volatile String endpoint;
  private Thread thread;
  private ZMQ.Socket socket;

  /**
   * A server on the system clock with the default request size limit.
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
        InstantSource.system(),
        DEFAULT_MAX_REQUEST_BYTES);
  }

  /**
   * A server without the operator's controls: {@code trading_*} and {@code reconcile} are refused
   * as {@code UNKNOWN_OPERATION}.
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
        maxRequestBytes);
  }

  /**
   * A server with the operator's controls, on the system clock with the default request size limit.
   *
   * @param controlTrading serves {@code trading_status}, {@code trading_halt}, {@code
   *     trading_reduce}, {@code trading_resume} and {@code trading_flatten}
   * @param reconcile serves {@code reconcile}
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
      ReconcileUseCase reconcile) {
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
        DEFAULT_MAX_REQUEST_BYTES);
  }

  /**
   * @param controlTrading serves the {@code trading_*} operations, or null to refuse them
   * @param reconcile serves {@code reconcile}, or null to refuse it
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
      ControlTradingUseCase controlTrading,
      ReconcileUseCase reconcile,
      InstantSource clock,
      int maxRequestBytes) {
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
      bound.setMaxMsgSize(MAX_FRAME_BYTES);
      bound.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
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
          serveOne();
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

  private void serveOne() {
    byte[] first = socket.recv(0);
    if (first == null) {
      return; // receive timeout: check the running flag
    }
    List<byte[]> frames = new ArrayList<>(3);
    frames.add(first);
    int frameCount = 1;
    while (socket.hasReceiveMore()) {
      byte[] part = socket.recv(0);
      frameCount++;
      if (frames.size() < MAX_FRAMES && part != null) {
        frames.add(part);
      }
    }
    int delimiter = delimiterIndex(frames);
    // REQ clients send identity, empty delimiter, body; DEALER clients may omit the delimiter.
    int bodyStart = delimiter >= 0 ? delimiter + 1 : 1;
    int bodyFrames = frameCount - bodyStart;
    byte[] reply;
    if (bodyFrames != 1) {
      LOG.warn("Request refused ({}): {} body frames", ErrorCode.INVALID_FRAMES.wire(), bodyFrames);
      reply =
          handler.error(
              ErrorCode.INVALID_FRAMES,
              "a request must be exactly one frame holding JSON, but "
                  + bodyFrames
                  + " frames came");
    } else if (frames.get(bodyStart).length == 0) {
      LOG.warn("Request refused ({}): empty body frame", ErrorCode.INVALID_FRAMES.wire());
      reply =
          handler.error(ErrorCode.INVALID_FRAMES, "empty request frame; expected a JSON object");
    } else {
      reply = handler.handle(frames.get(bodyStart));
    }
    for (int i = 0; i < bodyStart; i++) {
      socket.sendMore(frames.get(i));
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
