/**
 * The order gateway protocol shared by its server ({@code org.aftm.adapter.zmq.in}) and its client
 * ({@code org.aftm.adapter.zmq.out}): operation and field names, and the JSON mapper.
 */
package org.aftm.adapter.zmq.gateway;
