package org.aftm.adapter.out.persistence;

import java.util.Objects;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;

/** One entry of the audit trail as the {@link AuditJournal} keeps it: a request or its answer. */
sealed interface AuditRecord {

  /** The {@code orders} row it belongs to. */
  long auditId();

  /** A request, recorded before it goes to the broker. */
  record Request(
      long auditId,
      OrderRequest request,
      String closesClientOrderId,
      OrderSender sender,
      long requestedAtMillis)
      implements AuditRecord {
    public Request {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(sender, "sender");
    }
  }

  /** The answer given to the request with the same audit id. */
  record Result(long auditId, OrderResult result, long answeredAtMillis) implements AuditRecord {
    public Result {
      Objects.requireNonNull(result, "result");
    }
  }
}
