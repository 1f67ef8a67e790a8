package io.iotlakehouse.registry.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps (path, method) to handlers the way Flask does for MLflow: an unknown path gives the 404 HTML page, a known
 * path with a method it does not serve gives the 405 HTML page, HEAD is served by the GET handler and OPTIONS
 * answers with the allowed methods. {@link ApiException}s become MLflow JSON errors; anything else is an
 * unhandled server error (500 HTML), as in Flask.
 */
public final class Router {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  /** A request handler. */
  @FunctionalInterface
  public interface Handler {
    HttpResponse handle(HttpRequest request);
  }

  private record PrefixRoute(String prefix, Map<String, Handler> methods) {
  }

  private final Map<String, Map<String, Handler>> exact = new LinkedHashMap<>();
  private final List<PrefixRoute> prefixes = new ArrayList<>();

  public Router route(String method, String path, Handler handler) {
    exact.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, handler);
    return this;
  }

  /** Routes every path that starts with {@code prefix} and has something after it. */
  public Router prefix(String method, String prefix, Handler handler) {
    PrefixRoute route = prefixes.stream().filter(r -> r.prefix.equals(prefix)).findFirst().orElseGet(() -> {
      PrefixRoute created = new PrefixRoute(prefix, new LinkedHashMap<>());
      prefixes.add(created);
      return created;
    });
    route.methods.put(method, handler);
    return this;
  }

  /** Every route as {@code "METHOD /path"}, sorted by path then method; prefix routes end in {@code <path>}. */
  public List<String> endpoints() {
    List<String> all = new ArrayList<>();
    exact.forEach((path, methods) -> methods.keySet().forEach(m -> all.add(m + " " + path)));
    prefixes.forEach(r -> r.methods.keySet().forEach(m -> all.add(m + " " + r.prefix + "<path>")));
    all.sort(java.util.Comparator.comparing((String e) -> e.substring(e.indexOf(' ') + 1))
        .thenComparing(e -> e.substring(0, e.indexOf(' '))));
    return all;
  }

  public HttpResponse dispatch(HttpRequest request) {
    Map<String, Handler> methods = exact.get(request.path());
    if (methods == null) {
      methods = prefixes.stream()
          .filter(r -> request.path().startsWith(r.prefix) && request.path().length() > r.prefix.length())
          .map(PrefixRoute::methods).findFirst().orElse(null);
    }
    if (methods == null) {
      return HtmlPages.notFound();
    }
    String method = request.method();
    Handler handler = methods.get(method);
    if (handler == null && "HEAD".equals(method)) {
      handler = methods.get("GET");
    }
    if (handler == null) {
      TreeSet<String> allowed = new TreeSet<>(methods.keySet());
      if (allowed.contains("GET")) {
        allowed.add("HEAD");
      }
      allowed.add("OPTIONS");
      if ("OPTIONS".equals(method)) {
        return HttpResponse.of(200, HttpResponse.HTML, new byte[0]).withHeader("Allow", String.join(", ", allowed));
      }
      return HtmlPages.methodNotAllowed(String.join(", ", allowed));
    }
    try {
      return handler.handle(request);
    } catch (ApiException e) {
      return HttpResponse.error(e);
    } catch (RuntimeException e) {
      LOG.error("Unhandled error serving {} {}", method, request.path(), e);
      return HtmlPages.internalError();
    }
  }
}
