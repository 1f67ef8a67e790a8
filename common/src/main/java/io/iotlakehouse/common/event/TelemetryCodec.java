package io.iotlakehouse.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.common.event.MalformedEventException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;

/**
 * Encodes and decodes telemetry events. Two wire formats are accepted: Avro single-object encoding (the schema
 * fingerprint in the first bytes selects the writer schema, so producers on older schema versions keep working) and
 * JSON. Thread-safe.
 */
public final class TelemetryCodec {
  /** device ids are used as MQTT topic levels, Kafka keys and file names: keep them to a safe alphabet. */
  public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Firmware versions: short, printable, safe in logs and dashboards. */
  public static final Pattern FIRMWARE_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,31}");

  /**
   * Writer schemas this build can read, newest last; the newest is the reader schema. v2 adds the optional
   * firmware_version; events written with v1 read it as null. A new version is appended here (and its .avsc added),
   * never edited in place: devices in the field keep writing the old ones.
   */
  private static final List<Schema> SCHEMAS = List.of(
      loadSchema("avro/telemetry-v1.avsc"), loadSchema("avro/telemetry-v2.avsc"));
  /** The newest schema version: what {@link #encodeAvro(Telemetry)} writes. */
  public static final int LATEST_VERSION = SCHEMAS.size();
  private static final Schema READER = SCHEMAS.get(SCHEMAS.size() - 1);
  /** Rejects bodies whose declared lengths exceed the bytes present, before Avro allocates them. */
  private static final AvroWireGuard GUARD = new AvroWireGuard(SCHEMAS.stream()
      .collect(java.util.stream.Collectors.toMap(SchemaNormalization::parsingFingerprint64, s -> s)));
  /** Writer fingerprint of each version, by index (computing one normalizes the schema: too slow per event). */
  private static final long[] FINGERPRINTS = SCHEMAS.stream().mapToLong(SchemaNormalization::parsingFingerprint64).toArray();

  private final List<BinaryMessageEncoder<GenericRecord>> encoders = SCHEMAS.stream()
      .map(s -> new BinaryMessageEncoder<GenericRecord>(GenericData.get(), s)).toList();
  private final BinaryMessageDecoder<GenericRecord> decoder;

  public TelemetryCodec() {
    decoder = new BinaryMessageDecoder<>(GenericData.get(), READER);
    SCHEMAS.forEach(decoder::addSchema);
  }

  /** The reader (newest) schema. */
  public static Schema schema() {
    return READER;
  }

  /** The writer schema of {@code version} (1-based). */
  public static Schema schema(int version) {
    return SCHEMAS.get(version - 1);
  }

  /** Schema version (1-based) of a writer fingerprint, or -1 when unknown. */
  public static int schemaVersion(long fingerprint) {
    for (int i = 0; i < FINGERPRINTS.length; i++) {
      if (FINGERPRINTS[i] == fingerprint) return i + 1;
    }
    return -1;
  }

  /** Avro single-object encoding with the newest schema. */
  public byte[] encodeAvro(Telemetry t) {
    return encodeAvro(t, LATEST_VERSION);
  }

  /**
   * Avro single-object encoding with schema {@code version} (1-based), as a device on that firmware would send it.
   * Fields the version does not have (v1: firmware_version) are left out.
   */
  public byte[] encodeAvro(Telemetry t, int version) {
    if (version < 1 || version > SCHEMAS.size()) {
      throw new IllegalArgumentException("telemetry schema version must be 1.." + SCHEMAS.size() + ", got " + version);
    }
    Schema schema = SCHEMAS.get(version - 1);
    GenericRecord r = new GenericData.Record(schema);
    r.put("device_id", t.deviceId());
    r.put("seq", t.seq());
    r.put("event_time", t.eventTimeMillis());
    r.put("kind", new GenericData.EnumSymbol(schema.getField("kind").schema(), t.kind().name()));
    r.put("payload", toAvro(schema, t.payload()));
    if (schema.getField("firmware_version") != null) r.put("firmware_version", t.firmwareVersion());
    try {
      return encoders.get(version - 1).encode(r).array();
    } catch (IOException e) {
      throw new IllegalStateException("Avro encoding of an in-memory record failed", e);
    }
  }

  public byte[] encodeJson(Telemetry t) {
    ObjectNode o = JSON.createObjectNode();
    o.put("device_id", t.deviceId());
    o.put("seq", t.seq());
    o.put("event_time", t.eventTimeMillis());
    o.put("kind", t.kind().wireName());
    if (t.firmwareVersion() != null) o.put("firmware_version", t.firmwareVersion());
    ObjectNode p = o.putObject("payload");
    if (t.payload() instanceof Payload.Env e) {
      p.put("temperature_c", e.temperatureC()).put("humidity_pct", e.humidityPct());
    } else if (t.payload() instanceof Payload.Truck tr) {
      p.put("lat", tr.lat()).put("lon", tr.lon()).put("speed_kmh", tr.speedKmh()).put("engine_rpm", tr.engineRpm());
      p.put("engine_temp_c", tr.engineTempC()).put("oil_pressure_kpa", tr.oilPressureKpa());
      p.put("fuel_level_pct", tr.fuelLevelPct());
      ArrayNode codes = p.putArray("fault_codes");
      tr.faultCodes().forEach(codes::add);
    } else if (t.payload() instanceof Payload.Turbofan tf) {
      p.put("unit", tf.unit()).put("cycle", tf.cycle());
      ArrayNode s = p.putArray("settings");
      tf.settings().forEach(s::add);
      ArrayNode m = p.putArray("sensors");
      tf.sensors().forEach(m::add);
    }
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException("JSON encoding of an in-memory event failed", e);
    }
  }

  /** Decodes an event in either wire format and checks the envelope contract. */
  public Decoded decode(byte[] bytes) throws MalformedEventException {
    if (bytes == null || bytes.length == 0) throw new MalformedEventException(Reason.EMPTY, "empty payload");
    PayloadFormat format = PayloadFormat.detect(bytes);
    if (format == null) {
      throw new MalformedEventException(
          Reason.UNKNOWN_FORMAT, "payload is neither Avro single-object encoded (0xC3 0x01 ...) nor a JSON object");
    }
    return format == PayloadFormat.AVRO ? decodeAvro(bytes) : decodeJson(bytes);
  }

  private Decoded decodeAvro(byte[] bytes) throws MalformedEventException {
    if (bytes.length < 10) throw new MalformedEventException(Reason.UNDECODABLE, "Avro payload shorter than its header");
    long fingerprint = 0;
    for (int i = 9; i >= 2; i--) fingerprint = (fingerprint << 8) | (bytes[i] & 0xffL);
    int version = schemaVersion(fingerprint);
    String corrupt = GUARD.check(bytes);
    if (corrupt != null) throw new MalformedEventException(Reason.UNDECODABLE, corrupt);
    GenericRecord r;
    try {
      r = decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new MalformedEventException(
          Reason.UNKNOWN_SCHEMA, "Avro schema fingerprint " + Long.toHexString(fingerprint) + " is not a known version");
    } catch (IOException | RuntimeException e) {
      throw new MalformedEventException(Reason.UNDECODABLE, "Avro payload does not decode: " + e.getMessage());
    }
    String deviceId = String.valueOf(r.get("device_id"));
    Object firmware = r.get("firmware_version");
    Telemetry t = checked(deviceId, (Long) r.get("seq"), (Long) r.get("event_time"), fromAvro((GenericRecord) r.get("payload")),
        firmware == null ? null : firmware.toString());
    return new Decoded(t, PayloadFormat.AVRO, version);
  }

  private Decoded decodeJson(byte[] bytes) throws MalformedEventException {
    JsonNode n;
    try {
      n = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new MalformedEventException(Reason.UNDECODABLE, "JSON does not parse: " + firstLine(e.getMessage()));
    }
    if (n == null || !n.isObject()) throw new MalformedEventException(Reason.UNDECODABLE, "JSON payload is not an object");
    JsonNode id = n.get("device_id");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw new MalformedEventException(Reason.MISSING_DEVICE_ID, "JSON payload has no string device_id");
    }
    JsonNode seq = n.get("seq");
    if (seq == null || !seq.canConvertToExactIntegral() || !seq.canConvertToLong()) {
      throw new MalformedEventException(Reason.BAD_SEQ, "seq must be a whole number, got " + seq);
    }
    long eventTime = jsonTime(n.get("event_time"));
    JsonNode kindNode = n.get("kind");
    DeviceKind kind;
    try {
      kind = DeviceKind.fromWire(kindNode == null ? "" : kindNode.asText());
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException(Reason.BAD_PAYLOAD, "kind must be one of env, truck, turbofan, got " + kindNode);
    }
    JsonNode p = n.get("payload");
    if (p == null || !p.isObject()) throw new MalformedEventException(Reason.BAD_PAYLOAD, "payload object missing");
    Payload payload = switch (kind) {
      case ENV -> new Payload.Env(num(p, "temperature_c"), num(p, "humidity_pct"));
      case TRUCK -> new Payload.Truck(num(p, "lat"), num(p, "lon"), num(p, "speed_kmh"), num(p, "engine_rpm"),
          num(p, "engine_temp_c"), num(p, "oil_pressure_kpa"), num(p, "fuel_level_pct"), strings(p, "fault_codes"));
      case TURBOFAN -> new Payload.Turbofan((int) integral(p, "unit"), (int) integral(p, "cycle"),
          doubles(p, "settings", Payload.Turbofan.SETTINGS), doubles(p, "sensors", Payload.Turbofan.SENSORS));
    };
    JsonNode firmware = n.get("firmware_version");
    if (firmware != null && !firmware.isNull() && !firmware.isTextual()) {
      throw new MalformedEventException(Reason.BAD_PAYLOAD, "firmware_version must be a string when present");
    }
    String fw = firmware == null || firmware.isNull() ? null : firmware.asText();
    return new Decoded(checked(id.asText(), seq.asLong(), eventTime, payload, fw), PayloadFormat.JSON, 1);
  }

  private static Telemetry checked(String deviceId, Long seq, Long eventTime, Payload payload, String firmware)
      throws MalformedEventException {
    if (deviceId == null || deviceId.isBlank()) throw new MalformedEventException(Reason.MISSING_DEVICE_ID, "device_id is empty");
    if (!DEVICE_ID.matcher(deviceId).matches()) {
      throw new MalformedEventException(
          Reason.MISSING_DEVICE_ID, "device_id '" + abbreviate(deviceId) + "' is not 1-64 of [A-Za-z0-9._-] starting alphanumeric");
    }
    if (seq == null || seq < 1) throw new MalformedEventException(Reason.BAD_SEQ, "seq must be >= 1, got " + seq);
    if (eventTime == null || eventTime <= 0) {
      throw new MalformedEventException(Reason.BAD_EVENT_TIME, "event_time must be positive epoch millis, got " + eventTime);
    }
    if (firmware != null && !FIRMWARE_VERSION.matcher(firmware).matches()) {
      throw new MalformedEventException(Reason.BAD_PAYLOAD,
          "firmware_version '" + abbreviate(firmware) + "' is not 1-32 of [A-Za-z0-9._+-] starting alphanumeric");
    }
    return new Telemetry(deviceId, seq, eventTime, payload, firmware);
  }

  private static long jsonTime(JsonNode t) throws MalformedEventException {
    if (t != null && t.canConvertToExactIntegral() && t.canConvertToLong()) return t.asLong();
    if (t != null && t.isTextual()) {
      try {
        return Instant.parse(t.asText()).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        // not an instant, or one beyond epoch millis (year 300000000): fall through to the error
      }
    }
    throw new MalformedEventException(
        Reason.BAD_EVENT_TIME, "event_time must be epoch millis or an ISO-8601 instant, got " + abbreviate(String.valueOf(t)));
  }

  private static double num(JsonNode p, String field) throws MalformedEventException {
    JsonNode v = p.get(field);
    if (v == null || !v.isNumber()) throw new MalformedEventException(Reason.BAD_PAYLOAD, "payload." + field + " must be a number");
    return v.asDouble();
  }

  private static long integral(JsonNode p, String field) throws MalformedEventException {
    JsonNode v = p.get(field);
    if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToInt()) {
      throw new MalformedEventException(Reason.BAD_PAYLOAD, "payload." + field + " must be a whole number");
    }
    return v.asLong();
  }

  private static List<Double> doubles(JsonNode p, String field, int size) throws MalformedEventException {
    JsonNode v = p.get(field);
    if (v == null || !v.isArray() || v.size() != size) {
      throw new MalformedEventException(Reason.BAD_PAYLOAD, "payload." + field + " must be an array of " + size + " numbers");
    }
    List<Double> out = new ArrayList<>(size);
    for (JsonNode x : v) {
      if (!x.isNumber()) throw new MalformedEventException(Reason.BAD_PAYLOAD, "payload." + field + " must hold numbers only");
      out.add(x.asDouble());
    }
    return out;
  }

  private static List<String> strings(JsonNode p, String field) throws MalformedEventException {
    JsonNode v = p.get(field);
    if (v == null) return List.of();
    if (!v.isArray()) throw new MalformedEventException(Reason.BAD_PAYLOAD, "payload." + field + " must be an array of strings");
    List<String> out = new ArrayList<>();
    for (JsonNode x : v) {
      if (!x.isTextual()) throw new MalformedEventException(Reason.BAD_PAYLOAD, "payload." + field + " must hold strings only");
      out.add(x.asText());
    }
    return out;
  }

  private static GenericRecord toAvro(Schema schema, Payload payload) {
    Schema union = schema.getField("payload").schema();
    if (payload instanceof Payload.Env e) {
      return record(union, "EnvReading", Map.of("temperature_c", e.temperatureC(), "humidity_pct", e.humidityPct()));
    }
    if (payload instanceof Payload.Truck t) {
      return record(union, "TruckReading", Map.of(
          "lat", t.lat(), "lon", t.lon(), "speed_kmh", t.speedKmh(), "engine_rpm", t.engineRpm(),
          "engine_temp_c", t.engineTempC(), "oil_pressure_kpa", t.oilPressureKpa(), "fuel_level_pct", t.fuelLevelPct(),
          "fault_codes", t.faultCodes()));
    }
    Payload.Turbofan f = (Payload.Turbofan) payload;
    return record(union, "TurbofanReading", Map.of(
        "unit", f.unit(), "cycle", f.cycle(), "settings", f.settings(), "sensors", f.sensors()));
  }

  private static GenericRecord record(Schema union, String name, Map<String, Object> fields) {
    GenericRecord r = new GenericData.Record(union.getTypes().get(union.getIndexNamed("io.iotlakehouse.avro." + name)));
    fields.forEach(r::put);
    return r;
  }

  @SuppressWarnings("unchecked")
  private static Payload fromAvro(GenericRecord p) throws MalformedEventException {
    try {
      return switch (p.getSchema().getName()) {
        case "EnvReading" -> new Payload.Env((Double) p.get("temperature_c"), (Double) p.get("humidity_pct"));
        case "TruckReading" -> new Payload.Truck((Double) p.get("lat"), (Double) p.get("lon"), (Double) p.get("speed_kmh"),
            (Double) p.get("engine_rpm"), (Double) p.get("engine_temp_c"), (Double) p.get("oil_pressure_kpa"),
            (Double) p.get("fuel_level_pct"), ((List<Object>) p.get("fault_codes")).stream().map(String::valueOf).toList());
        case "TurbofanReading" -> {
          List<Double> settings = (List<Double>) p.get("settings");
          List<Double> sensors = (List<Double>) p.get("sensors");
          if (settings.size() != Payload.Turbofan.SETTINGS || sensors.size() != Payload.Turbofan.SENSORS) {
            throw new MalformedEventException(Reason.BAD_PAYLOAD, "turbofan reading needs 3 settings and 21 sensors");
          }
          yield new Payload.Turbofan((Integer) p.get("unit"), (Integer) p.get("cycle"), settings, sensors);
        }
        default -> throw new MalformedEventException(Reason.BAD_PAYLOAD, "unknown payload type " + p.getSchema().getName());
      };
    } catch (ClassCastException | NullPointerException e) {
      throw new MalformedEventException(Reason.BAD_PAYLOAD, "payload fields have unexpected types");
    }
  }

  private static Schema loadSchema(String resource) {
    try (InputStream in = TelemetryCodec.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("schema resource missing: " + resource);
      return new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema " + resource, e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /** A decoded event with the wire format and schema version it arrived in. */
  public record Decoded(Telemetry event, PayloadFormat format, int schemaVersion) {}
}
