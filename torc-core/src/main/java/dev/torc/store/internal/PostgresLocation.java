package dev.torc.store.internal;

import dev.torc.store.StoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database and schema, parsed from {@code postgresql://USER@HOST[:PORT]/DB[?schema=S]}
 * or a {@code jdbc:postgresql://} URL (whose {@code schema} parameter names the schema as well).
 * Locations never carry a password: the password comes from {@code PGPASSWORD}, or else the
 * PostgreSQL driver reads {@code ~/.pgpass} (or the file {@code PGPASSFILE} names) itself.
 */
public final class PostgresLocation {
  /** The environment variable a password is taken from. */
  public static final String PASSWORD_ENV = "PGPASSWORD";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final String JDBC_PREFIX = "jdbc:postgresql:";

  private final String jdbcUrl;
  private final String schema;
  private final String password;
  private final String shown;

  private PostgresLocation(String jdbcUrl, String schema, String password, String shown) {
    this.jdbcUrl = jdbcUrl;
    this.schema = schema;
    this.password = password;
    this.shown = shown;
  }

  /** Whether this location names a PostgreSQL database (rather than another kind of store). */
  public static boolean isPostgres(String location) {
    return location.startsWith("postgresql://")
        || location.startsWith("postgres://")
        || location.startsWith(JDBC_PREFIX);
  }

  /**
   * Parses a location.
   *
   * @param env the environment, for {@code PGPASSWORD}
   * @throws StoreException when the location is malformed or carries a password
   */
  public static PostgresLocation parse(String location, Map<String, String> env) {
    if (location.startsWith(JDBC_PREFIX)) {
      return parseJdbc(location, env);
    }
    URI uri;
    try {
      uri = new URI(location);
    } catch (URISyntaxException e) {
      throw malformed(location, e.getMessage());
    }
    if (uri.getHost() == null) {
      throw malformed(location, "no host");
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && userInfo.contains(":")) {
      throw passwordInLocation();
    }
    String path = uri.getRawPath();
    if (path == null || path.length() <= 1 || path.indexOf('/', 1) >= 0) {
      throw malformed(location, "no database name after the host (postgresql://USER@HOST/DB)");
    }
    Map<String, String> query = query(location, uri.getRawQuery());
    String schema = query.remove("schema");
    if (!query.isEmpty()) {
      throw malformed(location, "unknown parameter " + query.keySet() + " (only schema=...)");
    }
    StringBuilder jdbc = new StringBuilder(JDBC_PREFIX).append("//");
    jdbc.append(uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" : "");
    jdbc.append(uri.getHost());
    if (uri.getPort() >= 0) {
      jdbc.append(':').append(uri.getPort());
    }
    jdbc.append(path);
    String user = userInfo == null ? null : decode(userInfo);
    if (user != null) {
      jdbc.append("?user=").append(userInfo);
    }
    String shownUser = user == null ? "" : user + "@";
    String shown =
        "postgresql://"
            + shownUser
            + uri.getHost()
            + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
            + path
            + (schema == null ? "" : "?schema=" + schema);
    return new PostgresLocation(
        jdbc.toString(), checkedSchema(location, schema), env.get(PASSWORD_ENV), shown);
  }

  private static PostgresLocation parseJdbc(String location, Map<String, String> env) {
    if (!location.startsWith(JDBC_PREFIX + "//")) {
      throw malformed(location, "expected jdbc:postgresql://HOST[:PORT]/DB");
    }
    int question = location.indexOf('?');
    String base = question < 0 ? location : location.substring(0, question);
    Map<String, String> query =
        query(location, question < 0 ? null : location.substring(question + 1));
    if (query.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("password"))) {
      throw passwordInLocation();
    }
    String schema = query.remove("schema");
    String current = query.remove("currentSchema");
    StringBuilder jdbc = new StringBuilder(base);
    char separator = '?';
    for (Map.Entry<String, String> e : query.entrySet()) {
      jdbc.append(separator).append(e.getKey()).append('=').append(e.getValue());
      separator = '&';
    }
    String chosen = schema != null ? schema : current;
    return new PostgresLocation(
        jdbc.toString(), checkedSchema(location, chosen), env.get(PASSWORD_ENV), location);
  }

  private static Map<String, String> query(String location, String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw malformed(location, "parameter '" + pair + "' is not NAME=VALUE");
      }
      params.put(pair.substring(0, eq), decode(pair.substring(eq + 1)));
    }
    return params;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static String checkedSchema(String location, String schema) {
    if (schema == null) {
      return "public";
    }
    if (!IDENTIFIER.matcher(schema).matches()) {
      throw malformed(
          location, "schema '" + schema + "' is not a plain name (letters, digits, underscores)");
    }
    return schema;
  }

  private static StoreException malformed(String location, String why) {
    return new StoreException("malformed PostgreSQL location '" + location + "': " + why);
  }

  private static StoreException passwordInLocation() {
    return new StoreException(
        "a PostgreSQL location must not carry a password: set "
            + PASSWORD_ENV
            + " or put it in ~/.pgpass");
  }

  /** The URL handed to the JDBC driver, without the password. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The schema the store's tables live in; created when missing. */
  public String schema() {
    return schema;
  }

  String quotedSchema() {
    return '"' + schema + '"';
  }

  /** The driver's connection properties: the password from the environment, when set. */
  public Properties connectionProperties() {
    Properties properties = new Properties();
    if (password != null && !password.isEmpty()) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", applicationName());
    properties.setProperty("tcpKeepAlive", "true");
    return properties;
  }

  /** What the store's connections call themselves on the server: torc and the schema. */
  public String applicationName() {
    return "torc/" + schema;
  }

  /** The location as given, for messages; it holds no password. */
  public String describe() {
    return shown;
  }

  @Override
  public String toString() {
    return describe();
  }
}
