package dev.torc.model.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CyclesTest {

  @Test
  void findsOneCyclePerComponent() {
    // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 5 (acyclic), 6 <-> 7
    int[][] edges = {{1}, {2}, {0, 4}, {3}, {5}, {}, {7}, {6}};
    List<int[]> cycles = Cycles.find(edges);
    assertThat(cycles)
        .containsExactly(new int[] {0, 1, 2, 0}, new int[] {3, 3}, new int[] {6, 7, 6});
  }

  @Test
  void acyclicGraphsHaveNoCycles() {
    int n = 200_000;
    int[][] edges = new int[n][];
    for (int i = 0; i < n; i++) {
      edges[i] = i + 1 < n ? new int[] {i + 1} : new int[0];
    }
    assertThat(Cycles.find(edges)).isEmpty();
    edges[n - 1] = new int[] {0};
    List<int[]> cycles = Cycles.find(edges);
    assertThat(cycles).hasSize(1);
    assertThat(cycles.get(0)).hasSize(n + 1).startsWith(0, 1).endsWith(n - 1, 0);
  }
}
