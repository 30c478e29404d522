package dev.torc.ai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of stdio, line by line: passes on each line that is a JSON-RPC message and
 * drops (with a warning on stderr) any other line, because one malformed line would otherwise end
 * the MCP SDK's reader and leave the client without answers. Another thread can wait for the end.
 */
public final class JsonRpcInput extends InputStream {
  private static final Logger LOG = LoggerFactory.getLogger(JsonRpcInput.class);

  private final BufferedReader reader;
  private final ObjectMapper json = new ObjectMapper();
  private final CountDownLatch ended = new CountDownLatch(1);
  private byte[] line = new byte[0];
  private int position;

  public JsonRpcInput(InputStream in) {
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** Blocks until the input ended, failed or was closed. */
  public void awaitEnd() throws InterruptedException {
    ended.await();
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return line[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, line.length - position);
    System.arraycopy(line, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    ended.countDown();
    reader.close();
  }

  private boolean fill() throws IOException {
    while (position >= line.length) {
      String next;
      try {
        next = reader.readLine();
      } catch (IOException | RuntimeException e) {
        ended.countDown();
        throw e;
      }
      if (next == null) {
        ended.countDown();
        return false;
      }
      if (next.isBlank()) {
        continue;
      }
      if (!isMessage(next)) {
        LOG.warn("Ignored a line on stdin that is not a JSON-RPC message: {}", abbreviate(next));
        continue;
      }
      line = (next + "\n").getBytes(StandardCharsets.UTF_8);
      position = 0;
    }
    return true;
  }

  private boolean isMessage(String text) {
    try {
      JsonNode node = json.readTree(text);
      return node != null
          && node.isObject()
          && (node.path("method").isTextual() || node.has("result") || node.has("error"));
    } catch (IOException e) {
      return false;
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 120 ? text.substring(0, 117) + "..." : text;
  }
}
