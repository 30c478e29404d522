package dev.torc.model.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Finds dependency cycles in a directed graph in linear time. */
public final class Cycles {
  private Cycles() {}

  /**
   * One cycle per strongly connected component that has one (including self-loops), as node indices
   * {@code [a, b, ..., a]} following the edges, starting at the component's smallest node. Cycles
   * are ordered by their first node.
   *
   * @param edges {@code edges[v]} are the nodes {@code v} has edges to
   */
  public static List<int[]> find(int[][] edges) {
    int n = edges.length;
    int[] component = stronglyConnectedComponents(edges);
    int components = 0;
    for (int c : component) {
      components = Math.max(components, c + 1);
    }
    int[] size = new int[components];
    int[] smallest = new int[components];
    Arrays.fill(smallest, Integer.MAX_VALUE);
    for (int v = 0; v < n; v++) {
      size[component[v]]++;
      smallest[component[v]] = Math.min(smallest[component[v]], v);
    }
    boolean[] selfLoop = new boolean[components];
    for (int v = 0; v < n; v++) {
      for (int w : edges[v]) {
        if (w == v) {
          selfLoop[component[v]] = true;
        }
      }
    }
    List<int[]> cycles = new ArrayList<>();
    int[] parent = new int[n];
    Arrays.fill(parent, -1);
    for (int c = 0; c < components; c++) {
      int start = smallest[c];
      if (size[c] == 1) {
        if (selfLoop[c]) {
          cycles.add(new int[] {start, start});
        }
        continue;
      }
      cycles.add(cycleThrough(start, c, component, edges, parent));
    }
    cycles.sort((a, b) -> Integer.compare(a[0], b[0]));
    return cycles;
  }

  /** A shortest cycle through {@code start} inside its component, by breadth-first search. */
  private static int[] cycleThrough(
      int start, int c, int[] component, int[][] edges, int[] parent) {
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    List<Integer> visited = new ArrayList<>();
    queue.add(start);
    int last = -1;
    search:
    while (!queue.isEmpty()) {
      int v = queue.poll();
      for (int w : edges[v]) {
        if (component[w] != c) {
          continue;
        }
        if (w == start) {
          last = v;
          break search;
        }
        if (parent[w] == -1) {
          parent[w] = v;
          visited.add(w);
          queue.add(w);
        }
      }
    }
    List<Integer> path = new ArrayList<>();
    for (int v = last; v != start; v = parent[v]) {
      path.add(v);
    }
    path.add(start);
    int[] cycle = new int[path.size() + 1];
    for (int i = 0; i < path.size(); i++) {
      cycle[i] = path.get(path.size() - 1 - i);
    }
    cycle[path.size()] = start;
    for (int v : visited) {
      parent[v] = -1;
    }
    return cycle;
  }

  /** Tarjan's algorithm without recursion; returns each node's component number. */
  static int[] stronglyConnectedComponents(int[][] edges) {
    int n = edges.length;
    int[] index = new int[n];
    int[] low = new int[n];
    int[] component = new int[n];
    Arrays.fill(index, -1);
    boolean[] onStack = new boolean[n];
    int[] stack = new int[n];
    int stackSize = 0;
    int[] callNode = new int[n];
    int[] callEdge = new int[n];
    int counter = 0;
    int components = 0;
    for (int root = 0; root < n; root++) {
      if (index[root] != -1) {
        continue;
      }
      int depth = 0;
      callNode[0] = root;
      callEdge[0] = 0;
      index[root] = low[root] = counter++;
      stack[stackSize++] = root;
      onStack[root] = true;
      while (depth >= 0) {
        int v = callNode[depth];
        if (callEdge[depth] < edges[v].length) {
          int w = edges[v][callEdge[depth]++];
          if (index[w] == -1) {
            index[w] = low[w] = counter++;
            stack[stackSize++] = w;
            onStack[w] = true;
            depth++;
            callNode[depth] = w;
            callEdge[depth] = 0;
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
        } else {
          if (low[v] == index[v]) {
            int w;
            do {
              w = stack[--stackSize];
              onStack[w] = false;
              component[w] = components;
            } while (w != v);
            components++;
          }
          depth--;
          if (depth >= 0) {
            int u = callNode[depth];
            low[u] = Math.min(low[u], low[v]);
          }
        }
      }
    }
    return component;
  }
}
