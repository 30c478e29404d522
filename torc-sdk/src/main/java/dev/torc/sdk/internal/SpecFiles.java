package dev.torc.sdk.internal;

import dev.torc.TorcException;
import dev.torc.sdk.InvalidRequestException;
import dev.torc.spec.SpecFormat;
import dev.torc.spec.WorkflowSpecs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes spec files under a root directory only, never over an existing file. */
public final class SpecFiles {
  private SpecFiles() {}

  /**
   * Writes a valid spec to a new file.
   *
   * @param root the directory it must land under (real paths: no {@code ..}, no symbolic link out)
   * @param path where, relative to the root or absolute inside it; its extension names the format
   * @return the file written
   * @throws InvalidRequestException when the path leads outside the root or the file exists
   * @throws dev.torc.model.SpecException when the text is not a valid spec
   */
  public static Path save(Path root, String specText, Path path) {
    Path base = root.toAbsolutePath().normalize();
    Path target = base.resolve(path).normalize();
    if (!target.startsWith(base) || target.equals(base)) {
      throw new InvalidRequestException("refusing to write " + path + ": it lies outside " + base);
    }
    WorkflowSpecs.parse(specText, SpecFormat.of(target), target.getFileName().toString());
    try {
      Path existing = target.getParent();
      while (!Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (!existing.toRealPath().startsWith(base.toRealPath())) {
        throw new InvalidRequestException(
            "refusing to write " + path + ": a symbolic link leads outside " + base);
      }
      Files.createDirectories(target.getParent());
      Files.writeString(target, specText, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      return target;
    } catch (FileAlreadyExistsException e) {
      throw new InvalidRequestException(target + " exists; not overwriting it");
    } catch (IOException e) {
      throw new TorcException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
