package dev.torc.run.internal;

import dev.torc.model.UserDataSpec;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a Java task sees of its workflow besides its attempt: file paths and user data. */
public interface TaskData {
  /** No files, no user data. */
  TaskData NONE =
      new TaskData() {
        @Override
        public Map<String, Path> paths(List<String> fileNames) {
          return Map.of();
        }

        @Override
        public Map<String, Object> userData() {
          return Map.of();
        }
      };

  /** These files' paths by name, in the given order. */
  Map<String, Path> paths(List<String> fileNames);

  /** The workflow's user data by name. */
  Map<String, Object> userData();

  /** File paths from this map (name to path), user data read from the store at each call. */
  static TaskData of(Map<String, String> filePaths, WorkflowStore store, long workflowId) {
    return new TaskData() {
      @Override
      public Map<String, Path> paths(List<String> fileNames) {
        Map<String, Path> paths = new LinkedHashMap<>();
        for (String name : fileNames) {
          String path = filePaths.get(name);
          if (path != null) {
            paths.put(name, Path.of(path));
          }
        }
        return Collections.unmodifiableMap(paths);
      }

      @Override
      public Map<String, Object> userData() {
        Map<String, Object> data = new LinkedHashMap<>();
        for (UserDataSpec d : store.listUserData(workflowId)) {
          data.put(d.name(), d.data());
        }
        return Collections.unmodifiableMap(data);
      }
    };
  }
}
