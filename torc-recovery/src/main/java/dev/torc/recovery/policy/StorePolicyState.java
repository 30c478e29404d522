package dev.torc.recovery.policy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PolicyState} kept in a {@link WorkflowStore} with one workflow, so that circuit breakers
 * and other policy state survive a restart of the runner. Each value is stored as JSON together
 * with its record type; {@link #update} is one store transaction.
 *
 * <p>Thread-safe as the store is.
 */
public final class StorePolicyState implements PolicyState {
  private static final Logger LOG = LoggerFactory.getLogger(StorePolicyState.class);

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .registerModule(
              new SimpleModule("torc-instants")
                  .addSerializer(
                      Instant.class,
                      new JsonSerializer<>() {
                        @Override
                        public void serialize(
                            Instant value, JsonGenerator gen, SerializerProvider serializers)
                            throws IOException {
                          gen.writeString(value.toString());
                        }
                      })
                  .addDeserializer(
                      Instant.class,
                      new JsonDeserializer<>() {
                        @Override
                        public Instant deserialize(JsonParser p, DeserializationContext ctxt)
                            throws IOException {
                          return Instant.parse(p.getValueAsString());
                        }
                      }));

  private final WorkflowStore store;
  private final long workflowId;

  private StorePolicyState(WorkflowStore store, long workflowId) {
    this.store = Objects.requireNonNull(store, "store");
    this.workflowId = workflowId;
  }

  /**
   * The state of this workflow in this store.
   *
   * @param store the store
   * @param workflowId the workflow
   * @return the state of this workflow in this store
   */
  public static StorePolicyState of(WorkflowStore store, long workflowId) {
    return new StorePolicyState(store, workflowId);
  }

  @Override
  public <T extends Record> Optional<T> get(String key, Class<T> type) {
    String json = store.listPolicyState(workflowId).get(key);
    return Optional.ofNullable(json).map(j -> read(j, type));
  }

  @Override
  public <T extends Record> T update(String key, Class<T> type, Function<Optional<T>, T> change) {
    Object[] made = new Object[1];
    store.updatePolicyState(
        workflowId,
        key,
        current -> {
          T next =
              Objects.requireNonNull(
                  change.apply(Optional.ofNullable(current).map(j -> read(j, type))), "new state");
          made[0] = next;
          return write(next);
        });
    return type.cast(made[0]);
  }

  @Override
  public Map<String, Record> snapshot() {
    Map<String, Record> out = new LinkedHashMap<>();
    store
        .listPolicyState(workflowId)
        .forEach(
            (key, json) -> {
              Record value = readAny(json);
              if (value != null) {
                out.put(key, value);
              }
            });
    return out;
  }

  private static String write(Record value) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", value.getClass().getName());
    node.set("value", JSON.valueToTree(value));
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write policy state " + value, e);
    }
  }

  /** The value, or null when it is of another type or unreadable (a fresh value replaces it). */
  private static <T extends Record> T read(String json, Class<T> type) {
    try {
      JsonNode node = JSON.readTree(json);
      if (!type.getName().equals(node.path("type").asText())) {
        return null;
      }
      return JSON.treeToValue(node.get("value"), type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      LOG.warn("ignoring unreadable policy state: {}", e.getMessage());
      return null;
    }
  }

  private static Record readAny(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      Class<?> type = Class.forName(node.path("type").asText());
      if (!Record.class.isAssignableFrom(type)) {
        return null;
      }
      return (Record) JSON.treeToValue(node.get("value"), type);
    } catch (JsonProcessingException | ClassNotFoundException | IllegalArgumentException e) {
      LOG.warn("ignoring unreadable policy state: {}", e.getMessage());
      return null;
    }
  }

  @Override
  public String toString() {
    return "StorePolicyState[workflow " + workflowId + "]";
  }
}
