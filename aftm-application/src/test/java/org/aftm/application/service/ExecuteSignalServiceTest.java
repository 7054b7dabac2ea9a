package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.in.ExecuteSignalUseCase.ExecutionOutcome;
import org.aftm.application.port.out.GatewayHealth;
import org.aftm.application.port.out.OrderGateway;
import org.aftm.application.port.out.OrderGatewayUnavailableException;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;
import org.junit.jupiter.api.Test;

class ExecuteSignalServiceTest {

  private static final long MAX_AGE = 500_000_000L;
  private static final long TICK_NANOS = 1_000_000_000L;

  private final RecordingGateway gateway = new RecordingGateway();
  private final AtomicLong clock = new AtomicLong(TICK_NANOS + 2_000_000);
  private final ExecuteSignalService service =
      new ExecuteSignalService(gateway, new ExecutionSettings("ORDER-ACC-9", MAX_AGE), clock::get);

  /** An order gateway that records requests and answers as told. */
  static final class RecordingGateway implements OrderGateway {
    final List<OrderRequest> requests = new ArrayList<>();
    final List<Long> origins = new ArrayList<>();
    final List<String> closes = new ArrayList<>();
    int healthChecks;
    RuntimeException failure;
    OrderResult answer;

    @Override
    public OrderResult sendOrder(
        OrderRequest request, long originNanos, String closesClientOrderId) {
      closes.add(closesClientOrderId);
      return sendOrder(request, originNanos);
    }

    @Override
    public OrderResult sendOrder(OrderRequest request, long originNanos) {
      requests.add(request);
      origins.add(originNanos);
      if (failure != null) {
        throw failure;
      }
      return answer != null
          ? answer
          : OrderResult.accepted(
              request.note(),
              "S" + requests.size(),
              request.clientOrderId(),
              OrderState.ACCEPTED,
              0);
    }

    @Override
    public GatewayHealth healthCheck() {
      healthChecks++;
      return new GatewayHealth(true, true, true, true, "CLOSED", 0, 0);
    }

    @Override
    public List<OrderUpdate> orderStates(List<String> clientOrderIds) {
      return List.of();
    }

    @Override
    public void acknowledgeCommand(long commandId) {}

    @Override
    public List<Position> positions(String account) {
      return List.of();
    }
  }

  private static Signal signal(
      long conditionId, Side side, int quantity, SignalReason reason, long tickNanos) {
    return new Signal(
        Signal.idFor(conditionId, reason),
        conditionId,
        "TXFF6",
        side,
        quantity,
        reason,
        Price.ofPoints(21985).units(),
        4,
        1_700_000_000_000L,
        tickNanos,
        tickNanos + 1_000);
  }

  @Test
  void anEntryBecomesAMarketIocAutoOrderForTheConfiguredAccount() {
    ExecutionOutcome outcome =
        service.execute(signal(7, Side.BUY, 3, SignalReason.ENTRY, TICK_NANOS));

    assertThat(outcome).isEqualTo(ExecutionOutcome.SENT);
    assertThat(gateway.requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.orderAccount()).isEqualTo("ORDER-ACC-9");
              assertThat(r.itemCode()).isEqualTo("TXFF6");
              assertThat(r.side()).isEqualTo(Side.BUY);
              assertThat(r.orderType()).isEqualTo(OrderType.MARKET);
              assertThat(r.price()).isEqualTo(Price.ZERO);
              assertThat(r.quantity()).isEqualTo(3);
              assertThat(r.openClose()).isEqualTo(OpenClose.AUTO);
              assertThat(r.dayTrade()).isEqualTo(DayTrade.NO);
              assertThat(r.timeInForce()).isEqualTo(TimeInForce.IOC);
              assertThat(r.clientOrderId()).isEqualTo("aftm-7-entry");
              assertThat(r.note())
                  .isNotBlank()
                  .hasSizeLessThanOrEqualTo(OrderRequest.MAX_TEXT_LENGTH);
            });
    assertThat(gateway.origins).containsExactly(TICK_NANOS);
    assertThat(gateway.closes).as("an entry closes nothing").containsExactly((String) null);
    assertThat(gateway.healthChecks).as("no health check round trip on the hot path").isZero();
    assertThat(service.sentCount()).isEqualTo(1);
  }

  @Test
  void anExitClosesWithTheSameQuantity() {
    service.execute(signal(7, Side.SELL, 3, SignalReason.TAKE_PROFIT, TICK_NANOS));
    service.execute(signal(8, Side.BUY, 2, SignalReason.STOP_LOSS, TICK_NANOS));

    assertThat(gateway.requests)
        .extracting(
            OrderRequest::side,
            OrderRequest::quantity,
            OrderRequest::openClose,
            OrderRequest::clientOrderId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Side.SELL, 3, OpenClose.CLOSE, "aftm-7-exit"),
            org.assertj.core.groups.Tuple.tuple(Side.BUY, 2, OpenClose.CLOSE, "aftm-8-exit"));
    assertThat(gateway.closes)
        .as("each exit names the entry it closes, so the gateway caps it at that entry's fills")
        .containsExactly("aftm-7-entry", "aftm-8-entry");
  }

  @Test
  void aLaterExitAttemptHasItsOwnIdAndClosesTheSameEntry() {
    Signal second =
        new Signal(
            "7-exit-2",
            7,
            "TXFF6",
            Side.SELL,
            1,
            SignalReason.STOP_LOSS,
            1,
            4,
            0,
            TICK_NANOS,
            TICK_NANOS,
            "7-entry-2");

    service.execute(second);

    assertThat(gateway.requests)
        .singleElement()
        .extracting(OrderRequest::clientOrderId)
        .isEqualTo("aftm-7-exit-2");
    assertThat(gateway.closes).containsExactly("aftm-7-entry-2");
  }

  @Test
  void theSameSignalAlwaysGetsTheSameClientOrderId() {
    Signal signal = signal(7, Side.BUY, 1, SignalReason.ENTRY, TICK_NANOS);
    service.execute(signal);
    service.execute(signal(7, Side.BUY, 1, SignalReason.ENTRY, TICK_NANOS + 1));

    assertThat(gateway.requests)
        .extracting(OrderRequest::clientOrderId)
        .containsOnly("aftm-7-entry");
    assertThat(SignalOrders.clientOrderIdFor(signal)).isEqualTo("aftm-7-entry");
  }

  @Test
  void aStaleEntryIsCountedAndStillSentSoTheGatewayRefusesItToTheStrategy() {
    clock.set(TICK_NANOS + MAX_AGE + 1);
    gateway.answer = OrderResult.rejected("n", "STALE_ORDER", "too old", "aftm-7-entry");

    ExecutionOutcome outcome =
        service.execute(signal(7, Side.BUY, 1, SignalReason.ENTRY, TICK_NANOS));

    assertThat(outcome).isEqualTo(ExecutionOutcome.REFUSED);
    assertThat(service.staleCount()).isEqualTo(1);
    assertThat(gateway.requests).hasSize(1);
    assertThat(gateway.origins)
        .as("the tick's time goes along, so the gateway can judge the age")
        .containsExactly(TICK_NANOS);
    assertThat(service.sentCount()).isZero();
  }

  @Test
  void aStaleExitIsNeverHeldBack() {
    clock.set(TICK_NANOS + 100 * MAX_AGE);

    ExecutionOutcome outcome =
        service.execute(signal(7, Side.SELL, 1, SignalReason.STOP_LOSS, TICK_NANOS));

    assertThat(outcome).isEqualTo(ExecutionOutcome.SENT);
    assertThat(service.staleCount()).as("an exit's age does not count").isZero();
    assertThat(gateway.requests).hasSize(1);
  }

  @Test
  void aSignalExactlyAtTheAgeLimitIsStillSent() {
    clock.set(TICK_NANOS + MAX_AGE);

    assertThat(service.execute(signal(7, Side.BUY, 1, SignalReason.ENTRY, TICK_NANOS)))
        .isEqualTo(ExecutionOutcome.SENT);
    assertThat(service.staleCount()).isZero();
  }

  @Test
  void withoutATickTimeTheAgeCountsFromTheSignalsCreation() {
    Signal untimed =
        new Signal("9-entry", 9, "TXFF6", Side.BUY, 1, SignalReason.ENTRY, 1, 0, 0, 0, TICK_NANOS);
    clock.set(TICK_NANOS + MAX_AGE + 1);

    service.execute(untimed);
    assertThat(service.staleCount()).isEqualTo(1);
    clock.set(TICK_NANOS + 1);
    service.execute(untimed);
    assertThat(service.staleCount()).isEqualTo(1);
  }

  @Test
  void anUnavailableGatewayIsCounted() {
    gateway.failure = new OrderGatewayUnavailableException("no answer after 3 tries");

    ExecutionOutcome outcome =
        service.execute(signal(7, Side.BUY, 1, SignalReason.ENTRY, TICK_NANOS));

    assertThat(outcome).isEqualTo(ExecutionOutcome.GATEWAY_UNAVAILABLE);
    assertThat(service.unavailableCount()).isEqualTo(1);
    assertThat(gateway.requests).hasSize(1);
  }

  @Test
  void aRefusalIsCountedAndNotRetried() {
    gateway.answer = OrderResult.rejected("n", "RISK_LIMIT", "too many", "aftm-7-entry");

    ExecutionOutcome outcome =
        service.execute(signal(7, Side.BUY, 1, SignalReason.ENTRY, TICK_NANOS));

    assertThat(outcome).isEqualTo(ExecutionOutcome.REFUSED);
    assertThat(service.refusedCount()).isEqualTo(1);
    assertThat(gateway.requests).hasSize(1);
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new ExecutionSettings(" ", 1)).hasMessageContaining("order account");
    assertThatThrownBy(() -> new ExecutionSettings("A", 0)).hasMessageContaining("age");
  }

  @Test
  void theHopsOfAnAcceptedOrderAreTimedAndARefusalTimesOnlyItsReply() {
    List<String> hops = new ArrayList<>();
    ExecuteSignalService timed =
        new ExecuteSignalService(
            gateway,
            new ExecutionSettings("ORDER-ACC-9", MAX_AGE),
            clock::get,
            (hop, nanos) -> hops.add(hop.label() + "=" + nanos));

    timed.execute(signal(7, Side.BUY, 1, SignalReason.ENTRY, TICK_NANOS));
    gateway.answer = OrderResult.rejected("", "RISK_LIMIT", "too many", "x");
    timed.execute(signal(8, Side.BUY, 1, SignalReason.ENTRY, TICK_NANOS));

    assertThat(hops)
        .containsExactly(
            "signal_to_executor=1999000",
            "executor_to_gateway_reply=0",
            "tick_to_order=2000000",
            "signal_to_executor=1999000",
            "executor_to_gateway_reply=0");
  }
}
