package io.iotlakehouse.registry.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Replays the recorded MLflow 2.7.1 REST exchanges, in {@code step} order, against any MLflow 2.x server (this
 * module's server or a real one) and reports which replies match the recording.
 *
 * <p>The server may already hold data, including earlier replays: every experiment and model name gets a prefix
 * unique to this replay, ids the server assigns are captured from create responses and substituted into later
 * requests and expectations, and volatile fields are ignored as described in {@link ResponseComparator}. When the
 * server holds only the Default experiment (mode {@code fresh}) listings that span the whole server are compared
 * in full; otherwise (mode {@code shared}) they are compared on this replay's own entries only.
 *
 * <pre>{@code
 * ReplayResult result = new ContractReplayer(URI.create("http://127.0.0.1:5000")).replay();
 * System.out.println(result.toJson());   // {"exchanges":175,"matched":175,...}
 * }</pre>
 */
public final class ContractReplayer {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final URI baseUrl;
  private final List<Exchange> exchanges;
  private final HttpClient http;

  /** Replays the MLflow 2.7.1 recordings shipped with this module. */
  public ContractReplayer(URI baseUrl) {
    this(baseUrl, Recordings.mlflow271());
  }

  public ContractReplayer(URI baseUrl, List<Exchange> exchanges) {
    String base = baseUrl.toString();
    this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.exchanges = List.copyOf(exchanges);
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  public ReplayResult replay() {
    Substitutions subs = new Substitutions(Substitutions.createdNames(exchanges), randomPrefix());
    boolean fresh = isFresh();
    List<Mismatch> mismatches = new ArrayList<>();
    int matched = 0;
    for (Exchange exchange : exchanges) {
      List<String> differences;
      try {
        differences = replayOne(exchange, subs, fresh);
      } catch (ConnectException e) {
        differences = List.of("cannot connect to " + baseUrl + " (" + e.getMessage() + "): is the server running?");
      } catch (IOException e) {
        differences = List.of("request failed: " + e);
      } catch (RuntimeException e) {
        differences = List.of("could not replay this exchange: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Replay interrupted at step " + exchange.step(), e);
      }
      if (differences.isEmpty()) {
        matched++;
      } else {
        mismatches.add(new Mismatch(exchange.step(), exchange.name(), String.join("; ", differences)));
      }
    }
    return new ReplayResult(exchanges.size(), matched, mismatches, fresh ? "fresh" : "shared", subs.prefix());
  }

  private List<String> replayOne(Exchange exchange, Substitutions subs, boolean fresh)
      throws IOException, InterruptedException {
    Exchange.Request recorded = exchange.request();
    HttpResponse<byte[]> response = send(recorded, subs);
    byte[] body = response.body();
    String text = new String(body, StandardCharsets.UTF_8);
    JsonNode actualJson = parse(text);
    if (response.statusCode() / 100 == 2) {
      subs.capture(exchange, actualJson);
    }

    Exchange.Response expected = exchange.response();
    List<String> differences = new ArrayList<>();
    if (response.statusCode() != expected.status()) {
      differences.add("status: expected " + expected.status() + " but was " + response.statusCode());
    }
    String expectedType = expected.header("content-type");
    String actualType = response.headers().firstValue("content-type").orElse("");
    if (expectedType != null && !mediaType(expectedType).equals(mediaType(actualType))) {
      differences.add("content-type: expected " + expectedType + " but was " + actualType);
    }
    String expectedDisposition = expected.header("content-disposition");
    if (expectedDisposition != null) {
      String actualDisposition = response.headers().firstValue("content-disposition").orElse("");
      if (!expectedDisposition.equals(actualDisposition)) {
        differences.add("content-disposition: expected " + expectedDisposition + " but was " + actualDisposition);
      }
    }

    JsonNode expectedBody = expected.body();
    if (expectedBody == null) {
      if (body.length > 0) {
        differences.add("body: expected none but was " + ResponseComparator.abbreviate(text));
      }
    } else if (expectedBody.isTextual()) {
      String expectedText = expectedBody.textValue();
      if (BinaryPayloads.isDescriptor(expectedText)) {
        String actualDescriptor = BinaryPayloads.describe(body);
        if (!expectedText.equals(actualDescriptor)) {
          differences.add("body: expected " + expectedText + " but was " + actualDescriptor);
        }
      } else if (!subs.text(expectedText).equals(text)) {
        differences.add("body: expected " + ResponseComparator.abbreviate(subs.text(expectedText)) + " but was "
            + ResponseComparator.abbreviate(text));
      }
    } else if (actualJson == null) {
      differences.add("body: expected JSON " + ResponseComparator.abbreviate(expectedBody.toString())
          + " but was " + ResponseComparator.abbreviate(text));
    } else {
      boolean rootListing = isProxyRootListing(recorded);
      JsonNode expectedJson = subs.json(expectedBody, rootListing);
      JsonNode actual = actualJson.deepCopy();
      if (!fresh && expectedJson.isObject() && actual.isObject()) {
        restrictGlobalListing(recorded, subs, (ObjectNode) expectedJson, (ObjectNode) actual);
      }
      ResponseComparator.compare(expectedJson, actual).forEach(d -> differences.add("body " + d));
    }
    return differences;
  }

  private HttpResponse<byte[]> send(Exchange.Request recorded, Substitutions subs)
      throws IOException, InterruptedException {
    StringBuilder uri = new StringBuilder(baseUrl.toString()).append(subs.text(recorded.path()));
    ObjectNode query = recorded.query();
    if (query != null && !query.isEmpty()) {
      List<String> pairs = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> fields = query.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String value = subs.queryValue(field.getKey(), field.getValue().asText(), query);
        pairs.add(encode(field.getKey()) + "=" + encode(value));
      }
      uri.append('?').append(String.join("&", pairs));
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofSeconds(60));
    byte[] body = requestBody(recorded, subs);
    if (body == null) {
      builder.method(recorded.method(), HttpRequest.BodyPublishers.noBody());
    } else {
      if (recorded.contentType() != null) {
        builder.header("Content-Type", recorded.contentType());
      }
      builder.method(recorded.method(), HttpRequest.BodyPublishers.ofByteArray(body));
    }
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] requestBody(Exchange.Request recorded, Substitutions subs) {
    JsonNode body = recorded.body();
    if (body == null) {
      return null;
    }
    if (body.isTextual()) {
      String text = body.textValue();
      return BinaryPayloads.isDescriptor(text) ? BinaryPayloads.regenerate(text)
          : subs.text(text).getBytes(StandardCharsets.UTF_8);
    }
    JsonNode substituted = subs.json(body, false);
    String json = recorded.path().contains("/mlflow-artifacts/")
        ? PythonJson.dumpsIndent2(substituted) : substituted.toString();
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * On a server that holds other data, listings that span the whole server (experiment and model searches, the
   * artifact root) are compared on this replay's own entries; foreign entries and paging past them are ignored.
   */
  private static void restrictGlobalListing(Exchange.Request request, Substitutions subs, ObjectNode expected,
      ObjectNode actual) {
    String path = request.path();
    String key;
    Function<JsonNode, String> identity;
    Predicate<String> own;
    if (path.endsWith("/experiments/search")) {
      key = "experiments";
      identity = e -> e.path("experiment_id").asText();
      Set<String> ids = new HashSet<>(subs.ownExperimentIds());
      own = ids::contains;
    } else if (path.endsWith("/registered-models/search")) {
      key = "registered_models";
      identity = m -> m.path("name").asText();
      own = subs::isOwnName;
    } else if (isProxyRootListing(request)) {
      key = "files";
      identity = f -> f.path("path").asText();
      Set<String> ids = new HashSet<>(subs.ownExperimentIds());
      own = ids::contains;
    } else {
      return;
    }
    ArrayNode expectedOwn = filter(expected.get(key), identity, own);
    ArrayNode actualOwn = filter(actual.get(key), identity, own);
    boolean paged = actual.has("next_page_token") || hasPageToken(request);
    if (paged) {
      // Foreign entries shift this replay's entries across pages: compare those that are on both pages.
      Set<String> inActual = identities(actualOwn, identity);
      Set<String> inExpected = identities(expectedOwn, identity);
      expectedOwn = filter(expectedOwn, identity, inActual::contains);
      actualOwn = filter(actualOwn, identity, inExpected::contains);
    }
    setOrRemove(expected, key, expectedOwn);
    setOrRemove(actual, key, actualOwn);
    if (!expected.has("next_page_token")) {
      actual.remove("next_page_token");
    }
  }

  private static Set<String> identities(ArrayNode list, Function<JsonNode, String> identity) {
    Set<String> ids = new HashSet<>();
    list.forEach(n -> ids.add(identity.apply(n)));
    return ids;
  }

  private static boolean hasPageToken(Exchange.Request request) {
    return (request.query() != null && request.query().has("page_token"))
        || (request.body() != null && request.body().has("page_token"));
  }

  private static ArrayNode filter(JsonNode list, Function<JsonNode, String> identity, Predicate<String> own) {
    ArrayNode out = MAPPER.createArrayNode();
    if (list != null && list.isArray()) {
      list.forEach(n -> {
        if (own.test(identity.apply(n))) {
          out.add(n);
        }
      });
    }
    return out;
  }

  private static void setOrRemove(ObjectNode node, String key, ArrayNode list) {
    if (list.isEmpty()) {
      node.remove(key);
    } else {
      node.set(key, list);
    }
  }

  private static boolean isProxyRootListing(Exchange.Request request) {
    return request.path().endsWith("/mlflow-artifacts/artifacts") && "GET".equals(request.method())
        && (request.query() == null || !request.query().has("path"));
  }

  /** True when the server holds nothing but the Default experiment, no models and no artifacts. */
  private boolean isFresh() {
    try {
      JsonNode experiments = call("POST", "/api/2.0/mlflow/experiments/search",
          "{\"max_results\": 10, \"view_type\": \"ALL\"}");
      JsonNode models = call("GET", "/api/2.0/mlflow/registered-models/search?max_results=1", null);
      JsonNode files = call("GET", "/api/2.0/mlflow-artifacts/artifacts", null);
      JsonNode list = experiments == null ? null : experiments.get("experiments");
      boolean onlyDefault = list != null && list.size() == 1 && "0".equals(list.get(0).path("experiment_id").asText());
      return onlyDefault && models != null && !models.has("registered_models") && files != null && !files.has("files");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private JsonNode call(String method, String pathAndQuery, String json) throws IOException, InterruptedException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
        .timeout(Duration.ofSeconds(30));
    if (json == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }
    HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? parse(response.body()) : null;
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String randomPrefix() {
    StringBuilder prefix = new StringBuilder("r");
    for (int i = 0; i < 6; i++) {
      prefix.append(PREFIX_ALPHABET.charAt(RANDOM.nextInt(PREFIX_ALPHABET.length())));
    }
    return prefix.append('-').toString();
  }
}
