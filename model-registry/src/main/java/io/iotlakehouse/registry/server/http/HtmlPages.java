package io.iotlakehouse.registry.server.http;

/** The HTML error pages Flask/Werkzeug send for unknown URLs, wrong methods and unhandled errors. */
public final class HtmlPages {
  private HtmlPages() {
  }

  public static HttpResponse notFound() {
    return HttpResponse.text(404, HttpResponse.HTML, "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n"
        + "<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please "
        + "check your spelling and try again.</p>\n");
  }

  public static HttpResponse methodNotAllowed(String allowed) {
    return HttpResponse.text(405, HttpResponse.HTML, "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n"
        + "<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n")
        .withHeader("Allow", allowed);
  }

  public static HttpResponse internalError() {
    return HttpResponse.text(500, HttpResponse.HTML, "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
        + "<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your "
        + "request. Either the server is overloaded or there is an error in the application.</p>\n");
  }
}
