package io.iotlakehouse.mqttbroker.security;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * TLS refusals happen inside HiveMQ's TLS layer, before any extension sees the connection; HiveMQ reports them only
 * as debug lines of {@code com.hivemq.security.ssl.SslExceptionHandler}. The stack's logback.xml routes that logger
 * (at debug, not additive) to this appender, which turns failed handshakes and non-TLS clients into counted
 * {@code security: refused tls_handshake} lines; the rest of that logger's output (a TLS session that breaks later)
 * is dropped, as HiveMQ does at its default level.
 */
public final class TlsRefusalAppender extends AppenderBase<ILoggingEvent> {
  @Override
  protected void append(ILoggingEvent event) {
    String m = event.getFormattedMessage();
    // plain MQTT on the TLS port reaches HiveMQ as a non-handshake SSLException whose root cause is Netty's
    // NotSslRecordException ("not an SSL/TLS record: <bytes>")
    int plain = m.indexOf("not an SSL/TLS record");
    if (plain >= 0) {
      SecurityEvents.get().refused("tls_handshake", m.substring(0, plain) + "not TLS (plain MQTT on the TLS listener?)");
    } else if (m.startsWith("SSL Handshake") || m.contains("not SSL/TLS")) {
      SecurityEvents.get().refused("tls_handshake", m);
    }
  }
}
