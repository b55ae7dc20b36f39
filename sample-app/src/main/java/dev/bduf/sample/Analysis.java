package dev.bduf.sample;

import java.time.Duration;

/**
 * The result of analysing a project.
 *
 * @param projectId the project analysed
 * @param kind the kind of analysis, one of {@link AnalysisService#KINDS}
 * @param riskScore the risk found, 0 to 100
 * @param qualityScore the analysis' quality, 0 to 100
 * @param duration how long it took
 */
public record Analysis(long projectId, String kind, int riskScore, int qualityScore, Duration duration) {

}
