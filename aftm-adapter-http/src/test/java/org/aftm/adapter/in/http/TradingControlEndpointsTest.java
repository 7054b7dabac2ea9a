package org.aftm.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.application.port.in.CheckHealthUseCase.HealthReport;
import org.aftm.application.port.in.ControlTradingUseCase;
import org.aftm.application.port.in.ReconcileUseCase;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

class TradingControlEndpointsTest {

  private static final long SINCE = 1_764_000_000_123L;
  private static final String TOKEN =
      "3f9c2a7d1e5b48c0a6d2f1e09b7c4a5d8e3f2c1b0a9d8e7f6c5b4a3d2e1f0a9b";

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private volatile TradingStatus status =
      new TradingStatus(TradingState.ACTIVE, "initial state", false, SINCE);
  private volatile RuntimeException failure;
  private volatile ReconcileUseCase.ReconciliationReport report =
      new ReconcileUseCase.ReconciliationReport(0, List.of(), false);
  private StatusHttpServer server;

  private final ControlTradingUseCase control =
      new ControlTradingUseCase() {
        @Override
        public TradingStatus tradingStatus() {
          return status;
        }

        @Override
        public TradingStatus halt(String reason) {
          return change("halt", TradingState.HALTED, reason);
        }

        @Override
        public TradingStatus reduce(String reason) {
          return change("reduce", TradingState.REDUCING, reason);
        }

        @Override
        public TradingStatus resume(String reason) {
          return change("resume", TradingState.ACTIVE, reason);
        }

        @Override
        public FlattenReport flatten(Optional<String> itemCode) {
          calls.add("flatten:" + itemCode.orElse("*"));
          return new FlattenReport(
              List.of(OrderResult.accepted("flatten", "S9", "fl-1", OrderState.SUBMITTED, 0)));
        }
      };

  private final ReconcileUseCase reconcile =
      new ReconcileUseCase() {
        @Override
        public ReconciliationReport reconcile() {
          calls.add("reconcile");
          return report;
        }

        @Override
        public ReconciliationReport acceptBroker(String note) {
          calls.add("accept:" + note);
          return new ReconciliationReport(report.ordersResolved(), report.differences(), true);
        }
      };

  private TradingStatus change(String call, TradingState state, String reason) {
    RuntimeException e = failure;
    if (e != null) {
      throw e;
    }
    calls.add(call + ":" + reason);
    status = new TradingStatus(state, reason, false, SINCE + 1);
    return status;
  }

  @BeforeEach
  void start() throws Exception {
    server =
        StatusHttpServer.start(
            "127.0.0.1",
            0,
            () -> new HealthReport(true, true, true, "CLOSED", 1),
            () -> Map.of("ticks", 1),
            control,
            reconcile,
            TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void getTradingAnswersTheStatus() throws Exception {
    HttpResponse<String> response = send("GET", "/trading", null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(response.body());
    assertThat(body.path("state").asText()).isEqualTo("ACTIVE");
    assertThat(body.path("reason").asText()).isEqualTo("initial state");
    assertThat(body.path("automatic").asBoolean()).isFalse();
    assertThat(body.path("since_ms").asLong()).isEqualTo(SINCE);
  }

  @Test
  void haltTakesTheReasonFromTheQueryReduceFromABodyResumeUsesTheDefault() throws Exception {
    HttpResponse<String> halted = send("POST", "/trading/halt?reason=news%20at%2010", null);
    HttpResponse<String> reducing = send("POST", "/trading/reduce", "{\"reason\": \"calmer\"}");
    HttpResponse<String> resumed = send("POST", "/trading/resume", null);

    assertThat(halted.statusCode()).isEqualTo(200);
    assertThat(json.readTree(halted.body()).path("state").asText()).isEqualTo("HALTED");
    assertThat(json.readTree(reducing.body()).path("state").asText()).isEqualTo("REDUCING");
    assertThat(json.readTree(resumed.body()).path("reason").asText())
        .isEqualTo("resumed by the operator");
    assertThat(calls)
        .containsExactly("halt:news at 10", "reduce:calmer", "resume:resumed by the operator");
    assertThat(json.readTree(send("GET", "/trading", null).body()).path("state").asText())
        .isEqualTo("ACTIVE");
  }

  @Test
  void flattenPassesTheItemAndAnswersItsOrders() throws Exception {
    HttpResponse<String> response = send("POST", "/trading/flatten?item_code=TXF", null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(response.body());
    assertThat(body.path("all_sent").asBoolean()).isTrue();
    assertThat(body.path("orders").get(0).path("client_order_id").asText()).isEqualTo("fl-1");
    assertThat(body.path("orders").get(0).path("status").asText()).isEqualTo("submitted");
    assertThat(calls).containsExactly("flatten:TXF");
  }

  @Test
  void reconcileListsTheDifferencesAndAcceptsTheBrokerWhenAsked() throws Exception {
    report =
        new ReconcileUseCase.ReconciliationReport(
            2, List.of(new ReconcileUseCase.Difference("position", "TXF", "0", "+2")), false);

    JsonNode compared = json.readTree(send("POST", "/reconcile", null).body());
    JsonNode accepted =
        json.readTree(
            send("POST", "/reconcile", "{\"accept_broker\": true, \"note\": \"checked\"}").body());

    assertThat(compared.path("agrees").asBoolean()).isFalse();
    assertThat(compared.path("orders_resolved").asInt()).isEqualTo(2);
    assertThat(compared.path("differences").get(0).path("aftm").asText()).isEqualTo("+2");
    assertThat(accepted.path("accepted_broker").asBoolean()).isTrue();
    assertThat(calls).containsExactly("reconcile", "accept:checked");
  }

  @ParameterizedTest
  @CsvSource({
    "GET, /trading/halt, POST",
    "PUT, /trading/flatten, POST",
    "POST, /trading, GET",
    "GET, /reconcile, POST",
    "POST, /health, GET"
  })
  void aWrongMethodIs405WithAllow(String method, String path, String allow) throws Exception {
    HttpResponse<String> response = send(method, path, null);

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains(allow);
    assertThat(calls).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/trading/halt?resaon=x | | resaon",
        "/reconcile?accept_broker=yes | | accept_broker",
        "/trading/reduce | {\"reason\": 5} | reason",
        "/trading/flatten | [1, 2] | body",
        "/trading/resume?reason=a&reason=b | | reason",
        "/trading/halt?reason=a%0Ab | | reason",
        "/trading/flatten?item_code=%20 | | item_code"
      })
  void aBadParameterIs400NamingItAndChangesNothing(String path, String body, String parameter)
      throws Exception {
    HttpResponse<String> response = send("POST", path, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode answer = json.readTree(response.body());
    assertThat(answer.path("parameter").asText()).isEqualTo(parameter);
    assertThat(answer.path("error").asText()).contains(parameter);
    assertThat(calls).isEmpty();
  }

  @Test
  void aPostFromAWebPageIsRefused() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri("/trading/flatten"))
            .header("Origin", "https://example.com")
            .POST(BodyPublishers.noBody())
            .build();

    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(calls).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/trading/halt | | is missing",
        "/trading/flatten?item_code=TXF | Bearer 3f9c2a7d1e5b48c0a6d2f1e09b7c4a5d8e3f2c1b0a9d8e7f6c5b4a3d2e1f0a9c | is not the one",
        "/trading/resume | Bearer | must be 'Bearer <token>'",
        "/reconcile?accept_broker=true | Basic YWRtaW46c2VjcmV0 | must be 'Bearer <token>'",
        "/trading/reduce | Bearer secret-guess-1234 | is not the one"
      })
  void aPostWithoutTheRightTokenIs401AndChangesNothing(
      String path, String authorization, String why) throws Exception {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(TradingControlEndpoints.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    ch.qos.logback.classic.Level levelBefore = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.WARN);
    try {
      HttpResponse<String> response = sendAuthorized("POST", path, null, authorization);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
      JsonNode answer = json.readTree(response.body());
      assertThat(answer.path("parameter").asText()).isEqualTo("Authorization");
      assertThat(answer.path("error").asText()).contains(why).contains("keys/http.token");
      assertThat(calls).isEmpty();
      assertThat(status.state()).isEqualTo(TradingState.ACTIVE);
      assertThat(lines.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement()
          .asString()
          .contains("refused")
          .contains(why);
      if (authorization != null && authorization.length() > "Bearer ".length()) {
        String given = authorization.substring(authorization.indexOf(' ') + 1);
        assertThat(response.body()).doesNotContain(given);
        assertThat(lines.list.get(0).getFormattedMessage()).doesNotContain(given);
      }
    } finally {
      logger.setLevel(levelBefore);
      logger.detachAppender(lines);
    }
  }

  @Test
  void theRightTokenIsTakenWithAnyCaseOfTheSchemeAndTheGetsNeedNone() throws Exception {
    HttpResponse<String> halted =
        sendAuthorized("POST", "/trading/halt?reason=checked", null, "bearer " + TOKEN);

    assertThat(halted.statusCode()).as(halted.body()).isEqualTo(200);
    assertThat(calls).containsExactly("halt:checked");
    assertThat(sendAuthorized("GET", "/trading", null, null).statusCode()).isEqualTo(200);
    assertThat(sendAuthorized("GET", "/health", null, null).statusCode()).isEqualTo(200);
    assertThat(sendAuthorized("GET", "/status", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aBlankTokenCannotBeConfigured() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                StatusHttpServer.start(
                    "127.0.0.1",
                    0,
                    () -> new HealthReport(true, true, true, "CLOSED", 1),
                    Map::of,
                    control,
                    reconcile,
                    " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
  }

  @Test
  void aRefusalOfTheControlIs409AndAnUnknownPathIs404() throws Exception {
    failure = new IllegalStateException("reconciliation differences remain");

    HttpResponse<String> refused = send("POST", "/trading/resume", null);
    HttpResponse<String> unknown = send("POST", "/trading/pause", null);

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("reconciliation differences remain");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/status", null).body()).isEqualTo("{\"ticks\":1}");
  }

  @Test
  void aServerStartedWithoutControlsDoesNotServeThem() throws Exception {
    try (StatusHttpServer plain =
        StatusHttpServer.start(
            "127.0.0.1", 0, () -> new HealthReport(true, true, true, "CLOSED", 1), Map::of)) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + plain.port() + "/trading/halt"))
                  .POST(BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(calls).isEmpty();
    }
  }

  @Test
  void aLineBreakInARequestIsEscapedInTheReplyAndTheLog() throws Exception {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(TradingControlEndpoints.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    ch.qos.logback.classic.Level levelBefore = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.WARN);
    try {
      HttpResponse<String> unknown = send("POST", "/trading/halt?why%0Aforged=1", null);

      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(json.readTree(unknown.body()).path("error").asText())
          .startsWith("unknown parameter why\\nforged;");

      failure = new IllegalStateException("refused:\n2026-12-01 INFO forged");
      HttpResponse<String> refused = send("POST", "/trading/halt?reason=a%20b", null);

      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(lines.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement()
          .asString()
          .isEqualTo(
              "\"POST\" \"/trading/halt?reason=a%20b\" refused: refused:\\n2026-12-01 INFO forged");
    } finally {
      logger.setLevel(levelBefore);
      logger.detachAppender(lines);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** Sends with the right token. */
  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return sendAuthorized(method, path, body, "Bearer " + TOKEN);
  }

  private HttpResponse<String> sendAuthorized(
      String method, String path, String body, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
