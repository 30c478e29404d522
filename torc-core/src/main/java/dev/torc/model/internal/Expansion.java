package dev.torc.model.internal;

import dev.torc.model.ParameterMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter combinations of one template. In {@link ParameterMode#PRODUCT} mode combinations
 * run like nested loops in the order the parameters were declared, the last parameter varying
 * fastest ({@code a: [1,2], b: [x,y]} gives {@code 1x 1y 2x 2y}); in {@link ParameterMode#ZIP} mode
 * the k-th combination takes the k-th value of every parameter.
 */
public final class Expansion {
  /** The most combinations one template may expand to. */
  public static final int MAX_COMBINATIONS = 10_000_000;

  private final Map<String, Integer> index = new HashMap<>();
  private final List<List<ParameterValue>> values;
  private final String[][] plain;
  private final ParameterMode mode;
  private final int count;

  /**
   * Combines parameter values.
   *
   * @param names the parameter names, in declaration order
   * @param values each parameter's values, in the same order
   * @throws IllegalArgumentException for a zip of lists of different lengths, or too many
   *     combinations
   */
  public Expansion(List<String> names, List<List<ParameterValue>> values, ParameterMode mode) {
    this.values = values;
    this.mode = mode;
    this.plain = new String[values.size()][];
    for (int p = 0; p < names.size(); p++) {
      index.put(names.get(p), p);
    }
    if (mode == ParameterMode.ZIP) {
      int length = values.get(0).size();
      for (int p = 1; p < values.size(); p++) {
        if (values.get(p).size() != length) {
          throw new IllegalArgumentException(
              "parameter_mode zip needs parameters with equally many values, but '"
                  + names.get(0)
                  + "' has "
                  + length
                  + " and '"
                  + names.get(p)
                  + "' has "
                  + values.get(p).size());
        }
      }
      count = length;
    } else {
      long product = 1;
      for (List<ParameterValue> list : values) {
        product *= list.size();
        if (product > MAX_COMBINATIONS) {
          throw new IllegalArgumentException(
              "the parameters expand to more than " + MAX_COMBINATIONS + " combinations");
        }
      }
      count = (int) product;
    }
  }

  /** Parameter name to its position in a combination. */
  public Map<String, Integer> index() {
    return index;
  }

  /** How many combinations there are. */
  public int count() {
    return count;
  }

  /** Fills {@code into} with the k-th combination. */
  public void combination(int k, ParameterValue[] into) {
    combination(k, into, null);
  }

  /**
   * Fills {@code into} with the k-th combination and {@code plainInto}, when not null, with each
   * value's {@link ParameterValue#plain()} rendering (computed once per value).
   */
  public void combination(int k, ParameterValue[] into, String[] plainInto) {
    int rest = k;
    for (int p = values.size() - 1; p >= 0; p--) {
      List<ParameterValue> list = values.get(p);
      int position;
      if (mode == ParameterMode.ZIP) {
        position = k;
      } else {
        position = rest % list.size();
        rest /= list.size();
      }
      into[p] = list.get(position);
      if (plainInto != null) {
        if (plain[p] == null) {
          plain[p] = new String[list.size()];
        }
        String text = plain[p][position];
        if (text == null) {
          text = into[p].plain();
          plain[p][position] = text;
        }
        plainInto[p] = text;
      }
    }
  }

  /**
   * A fresh array of plain renderings for {@link #combination(int, ParameterValue[], String[])}.
   */
  public String[] newPlainCombination() {
    return new String[values.size()];
  }

  /** A fresh array for {@link #combination}. */
  public ParameterValue[] newCombination() {
    return new ParameterValue[values.size()];
  }
}
