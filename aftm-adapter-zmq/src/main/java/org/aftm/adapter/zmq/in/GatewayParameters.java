package org.aftm.adapter.zmq.in;

import static org.aftm.adapter.zmq.gateway.GatewayJson.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderRequest;

/**
 * Reads the parameters of the operations other than {@code send_order}, collecting every problem
 * before refusing, so one {@link ErrorCode#INVALID_ORDER} refusal names each bad field. Unknown
 * fields are ignored.
 */
final class GatewayParameters {

  private final String operation;
  private final JsonNode parameters;
  private final List<String> problems = new ArrayList<>();

  private GatewayParameters(String operation, JsonNode parameters) {
    this.operation = operation;
    this.parameters = parameters;
  }

  /**
   * @throws GatewayRefusal when the parameters are not an object
   */
  static GatewayParameters of(String operation, JsonNode parameters) throws GatewayRefusal {
    if (parameters == null || !parameters.isObject()) {
      throw new GatewayRefusal(
          ErrorCode.INVALID_ORDER,
          "invalid "
              + operation
              + " parameters: parameters must be an object but was "
              + describe(parameters));
    }
    return new GatewayParameters(operation, parameters);
  }

  /**
   * Parameters that may be left out entirely (every field optional): a missing or null {@code
   * parameters} reads as an empty object.
   *
   * @throws GatewayRefusal when the parameters are neither absent nor an object
   */
  static GatewayParameters ofOptional(String operation, JsonNode parameters) throws GatewayRefusal {
    if (parameters == null || parameters.isNull()) {
      return new GatewayParameters(operation, JsonNodeFactory.instance.objectNode());
    }
    return of(operation, parameters);
  }

  /**
   * An optional string of 1 to {@code maxLength} characters without control characters (it ends up
   * in log lines and the audit trail), or null when absent or after recording the problem.
   */
  String optionalText(String field, int maxLength) {
    JsonNode node = parameters.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      problems.add(field + " must be a string but was " + describe(node));
      return null;
    }
    String text = node.textValue();
    if (text.isBlank()
        || text.length() > maxLength
        || text.chars().anyMatch(Character::isISOControl)) {
      problems.add(
          field
              + " must be 1 to "
              + maxLength
              + " characters without control characters but was "
              + describe(node));
      return null;
    }
    return text;
  }

  /** An optional boolean, {@code absent} when missing, or false after recording the problem. */
  boolean optionalBoolean(String field, boolean absent) {
    JsonNode node = parameters.get(field);
    if (node == null || node.isNull()) {
      return absent;
    }
    if (!node.isBoolean()) {
      problems.add(field + " must be true or false but was " + describe(node));
      return false;
    }
    return node.booleanValue();
  }

  /** A required integer field greater than 0, or 0 after recording the problem. */
  long positiveLong(String field) {
    JsonNode node = parameters.get(field);
    if (node == null || node.isNull()) {
      problems.add(field + " is missing");
      return 0;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      problems.add(field + " must be a 64-bit integer but was " + describe(node));
      return 0;
    }
    long value = node.longValue();
    if (value <= 0) {
      problems.add(field + " must be > 0 but was " + value);
      return 0;
    }
    return value;
  }

  /** A required string field, or null after recording the problem. */
  String text(String field) {
    JsonNode node = parameters.get(field);
    if (node == null || node.isNull()) {
      problems.add(field + " is missing");
      return null;
    }
    if (!node.isTextual()) {
      problems.add(field + " must be a string but was " + describe(node));
      return null;
    }
    return node.textValue();
  }

  /**
   * A required list of at most {@code maxItems} client order ids, each a string of 1 to {@link
   * OrderRequest#MAX_TEXT_LENGTH} characters; null after recording the problems.
   */
  List<String> idList(String field, int maxItems) {
    JsonNode node = parameters.get(field);
    if (node == null || node.isNull()) {
      problems.add(field + " is missing");
      return null;
    }
    if (!node.isArray()) {
      problems.add(field + " must be a list of strings but was " + describe(node));
      return null;
    }
    if (node.size() > maxItems) {
      problems.add(field + " has " + node.size() + " ids, at most " + maxItems + " are allowed");
      return null;
    }
    List<String> ids = new ArrayList<>(node.size());
    int before = problems.size();
    for (int i = 0; i < node.size(); i++) {
      JsonNode id = node.get(i);
      if (!id.isTextual()
          || id.textValue().isBlank()
          || id.textValue().length() > OrderRequest.MAX_TEXT_LENGTH) {
        if (problems.size() - before < 5) {
          problems.add(
              field
                  + "["
                  + i
                  + "] must be a string of 1 to "
                  + OrderRequest.MAX_TEXT_LENGTH
                  + " characters but was "
                  + describe(id));
        }
        continue;
      }
      ids.add(id.textValue());
    }
    return problems.size() == before ? ids : null;
  }

  /** Records a problem found by the caller. */
  void problem(String text) {
    problems.add(text);
  }

  /**
   * @throws GatewayRefusal naming every problem recorded, if any
   */
  void check() throws GatewayRefusal {
    if (!problems.isEmpty()) {
      throw new GatewayRefusal(
          ErrorCode.INVALID_ORDER,
          "invalid " + operation + " parameters: " + String.join("; ", problems));
    }
  }
}
