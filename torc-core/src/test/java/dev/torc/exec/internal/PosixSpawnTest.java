package dev.torc.exec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PosixSpawnTest {

  @Test
  void aStringArrayHoldsEveryStringInOrderEndedByNull() {
    String[] values = {"A=1", "", "PATH=/usr/bin:/bin", "NAME=żółw ✓"};

    Memory block = PosixSpawn.stringArray(values);

    assertThat(block.getStringArray(0, "UTF-8")).containsExactly(values);
    assertThat(block.getPointer((long) values.length * Native.POINTER_SIZE)).isNull();
  }

  @Test
  void anEmptyArrayIsJustTheNull() {
    Memory block = PosixSpawn.stringArray(new String[0]);

    assertThat(block.size()).isEqualTo(Native.POINTER_SIZE);
    assertThat(block.getPointer(0)).isNull();
  }

  @Test
  void aBlockLargeEnoughIsReusedAndASmallerOneIsNot() {
    Memory first = PosixSpawn.cStrings(bytes("FIRST=a long first value", "SECOND=2"), null);

    Memory shorter = PosixSpawn.cStrings(bytes("A=1"), first);
    assertThat(shorter).isSameAs(first);
    assertThat(shorter.getStringArray(0, "UTF-8")).containsExactly("A=1");

    Memory longer =
        PosixSpawn.cStrings(bytes("A=1", "B=2", "C=a value longer than the block"), first);
    assertThat(longer).isNotSameAs(first);
    assertThat(longer.getStringArray(0, "UTF-8"))
        .containsExactly("A=1", "B=2", "C=a value longer than the block");
  }

  private static byte[][] bytes(String... values) {
    byte[][] bytes = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = values[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return bytes;
  }

  @Test
  void aChildsEnvironmentIsThisProcesssWithItsOwnVariablesAddedOrReplacing() {
    String inherited = System.getenv().keySet().stream().sorted().findFirst().orElseThrow();
    Map<String, String> own = new LinkedHashMap<>();
    own.put(inherited, "replaced");
    own.put("TORC_SPAWN_TEST_ADDED", "żółw ✓");

    String[] environment = PosixSpawn.environment(own).getStringArray(0, "UTF-8");

    Map<String, String> expected = new HashMap<>(System.getenv());
    expected.putAll(own);
    assertThat(environment)
        .containsExactlyInAnyOrderElementsOf(
            expected.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }
}
