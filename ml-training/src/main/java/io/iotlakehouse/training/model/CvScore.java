package io.iotlakehouse.training.model;

/**
 * Cross-validated RUL error on the last cycle of truncated held-out engines (the protocol of the published
 * C-MAPSS results).
 *
 * @param rounds trees used
 * @param rmse RMSE against the true RUL
 * @param rmseCapped RMSE against the true RUL capped like the training label
 * @param phm PHM08 score summed over one truncation of every engine (total over all truncations divided by the
 *     truncations per engine), so it is on the scale of a test set with as many engines as the training set
 * @param evaluated number of truncated engines scored
 */
public record CvScore(int rounds, double rmse, double rmseCapped, double phm, int evaluated) {}
