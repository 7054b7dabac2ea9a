package org.aftm.adapter.zmq.in;

import static org.aftm.adapter.zmq.gateway.GatewayJson.CLIENT_ORDER_ID;
import static org.aftm.adapter.zmq.gateway.GatewayJson.CLIENT_ORDER_PROOF;
import static org.aftm.adapter.zmq.gateway.GatewayJson.CLOSES_CLIENT_ORDER_ID;

import com.fasterxml.jackson.databind.JsonNode;
import org.aftm.adapter.zmq.gateway.GatewayJson;
import org.aftm.adapter.zmq.gateway.OrderIdProof;
import org.aftm.application.service.PlaceOrderService;
import org.aftm.application.service.PositionFlattener;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.order.ErrorCode;

/**
 * The client order ids a client of the gateway may not choose freely. An id is answered once and
 * its first answer stands, so a client that sends an id before its owner does takes it: the owner's
 * real order is then answered as a duplicate and never placed. Hence:
 *
 * <ul>
 *   <li>{@code aftm-} ids (the strategy's, {@link ConditionOrderId}) pass only with the {@link
 *       OrderIdProof} of the id in {@value GatewayJson#CLIENT_ORDER_PROOF}, which only a holder of
 *       the install's secret can make; without a proof checker every {@code aftm-} id is refused;
 *   <li>{@code flatten-} ids ({@link PositionFlattener}) and {@code gw-} ids (given by {@link
 *       PlaceOrderService} to orders without one) are made inside the main process and never come
 *       from the wire;
 *   <li>an order that names an {@code aftm-} entry as the one it closes must itself have a (proven)
 *       {@code aftm-} id: it would take that entry's closable lots from the condition's own exit.
 * </ul>
 *
 * The check runs before the order reaches the use case, so a refused id leaves nothing behind: no
 * audit row, no idempotency entry, no order event.
 *
 * <p>Not thread-safe (an {@link OrderIdProof} is not): owned by the gateway thread.
 */
final class ReservedOrderIds {

  private final OrderIdProof proof;

  /**
   * @param proof checks the proofs of {@code aftm-} ids, or null to refuse every {@code aftm-} id
   */
  ReservedOrderIds(OrderIdProof proof) {
    this.proof = proof;
  }

  /**
   * @param clientOrderId the order's id, or null when it has none (the gateway gives it one)
   * @param proofField the request's {@value GatewayJson#CLIENT_ORDER_PROOF}, or null when absent
   * @param closesClientOrderId the entry the order closes, or null
   * @throws GatewayRefusal with {@link ErrorCode#RESERVED_ORDER_ID} naming the field
   */
  void check(String clientOrderId, JsonNode proofField, String closesClientOrderId)
      throws GatewayRefusal {
    boolean closesOurs =
        closesClientOrderId != null && closesClientOrderId.startsWith(ConditionOrderId.PREFIX);
    if (closesOurs
        && (clientOrderId == null || !clientOrderId.startsWith(ConditionOrderId.PREFIX))) {
      // An exit linked to a condition's entry takes that entry's closable lots, so the condition's
      // own exit would find none left: only the condition's own (proven) exit may link to it.
      throw new GatewayRefusal(
          ErrorCode.RESERVED_ORDER_ID,
          CLOSES_CLIENT_ORDER_ID
              + " "
              + quoted(closesClientOrderId)
              + " names one of AFTM's own orders: only an order with a proven "
              + ConditionOrderId.PREFIX
              + " "
              + CLIENT_ORDER_ID
              + " may close it");
    }
    if (clientOrderId == null) {
      return;
    }
    if (clientOrderId.startsWith(PositionFlattener.CLIENT_ORDER_ID_PREFIX)
        || clientOrderId.startsWith(PlaceOrderService.GENERATED_ID_PREFIX)) {
      throw new GatewayRefusal(
          ErrorCode.RESERVED_ORDER_ID,
          CLIENT_ORDER_ID
              + " "
              + quoted(clientOrderId)
              + " is reserved: ids starting with "
              + PositionFlattener.CLIENT_ORDER_ID_PREFIX
              + " or "
              + PlaceOrderService.GENERATED_ID_PREFIX
              + " are made only inside the main process");
    }
    if (!clientOrderId.startsWith(ConditionOrderId.PREFIX)) {
      return;
    }
    String reserved =
        CLIENT_ORDER_ID
            + " "
            + quoted(clientOrderId)
            + " is reserved for AFTM's own orders ("
            + ConditionOrderId.PREFIX
            + "...): ";
    if (proof == null) {
      throw new GatewayRefusal(
          ErrorCode.RESERVED_ORDER_ID,
          reserved + "this gateway has no order-id secret, so it accepts no such id");
    }
    if (proofField == null || proofField.isNull()) {
      throw new GatewayRefusal(
          ErrorCode.RESERVED_ORDER_ID,
          reserved + "it needs a valid " + CLIENT_ORDER_PROOF + ", which is missing");
    }
    if (!proofField.isTextual() || !proof.verifies(clientOrderId, proofField.textValue())) {
      throw new GatewayRefusal(
          ErrorCode.RESERVED_ORDER_ID,
          reserved + CLIENT_ORDER_PROOF + " is not the proof of this id");
    }
  }

  private static String quoted(String id) {
    return '"' + GatewayJson.shorten(id) + '"';
  }
}
