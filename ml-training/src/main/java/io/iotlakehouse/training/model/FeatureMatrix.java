package io.iotlakehouse.training.model;

import java.util.List;

/**
 * Dense row-major features with one label per row, as XGBoost takes them.
 *
 * @param data row-major values, {@code rows * cols} long
 * @param rows number of rows
 * @param cols number of features
 * @param labels one per row (may be empty when scoring)
 */
public record FeatureMatrix(float[] data, int rows, int cols, float[] labels) {

  public FeatureMatrix {
    if ((long) rows * cols != data.length) {
      throw new IllegalArgumentException(data.length + " values do not make " + rows + " x " + cols);
    }
    if (labels.length != 0 && labels.length != rows) {
      throw new IllegalArgumentException(labels.length + " labels for " + rows + " rows");
    }
  }

  public static FeatureMatrix of(List<double[]> rows, double[] labels) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no rows");
    }
    int cols = rows.get(0).length;
    float[] data = new float[rows.size() * cols];
    for (int r = 0; r < rows.size(); r++) {
      double[] row = rows.get(r);
      if (row.length != cols) {
        throw new IllegalArgumentException("row " + r + " has " + row.length + " values, expected " + cols);
      }
      for (int c = 0; c < cols; c++) {
        data[r * cols + c] = (float) row[c];
      }
    }
    float[] l = new float[labels.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = (float) labels[i];
    }
    return new FeatureMatrix(data, rows.size(), cols, l);
  }

  public static FeatureMatrix of(double[][] rows) {
    return of(List.of(rows), new double[0]);
  }
}
