package org.aftm.adapter.zmq.in;

import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;

/**
 * A deliberate violation for {@link org.aftm.app.ArchitectureRulesBiteTest}: an inbound class that
 * uses the outbound side. Test code only; never imported by {@link org.aftm.app.ArchitectureTest}.
 */
public final class InboundUsingOutbound {

  private InboundUsingOutbound() {}

  public static String endpointOf(ZmqOrderGatewayClient client) {
    return client.endpoint();
  }
}
