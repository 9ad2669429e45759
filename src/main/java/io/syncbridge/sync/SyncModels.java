package io.syncbridge.sync;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/** The models that can be synced: every {@link ModelSync} bean, by the name clients send. */
@Component
public class SyncModels {

  private final Map<String, ModelSync<?>> byName;

  SyncModels(List<ModelSync<?>> models) {
    Map<String, ModelSync<?>> byName = new TreeMap<>();
    for (ModelSync<?> model : models) {
      if (byName.putIfAbsent(model.model(), model) != null) {
        throw new IllegalStateException("Two models are named " + model.model());
      }
    }
    this.byName = byName;
  }

  /** The model clients call {@code name}, if there is one. */
  public Optional<ModelSync<?>> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The names clients may send as {@code model}, in alphabetical order. */
  public SortedSet<String> names() {
    return new TreeSet<>(byName.keySet());
  }

  /** Every model, in the order of their names. */
  public Collection<ModelSync<?>> all() {
    return byName.values();
  }
}
