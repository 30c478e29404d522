package dev.torc.exec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Native;
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
}
