import { Analyzer } from '../../types';
import { caCertificateAnalyzer } from './caCertificate';
import { subsetSelectPodAnalyzer } from './subsetSelectPod';

/**
 * The `destinationrule.*` analyzers.
 *
 * @public
 */
export const destinationRuleAnalyzers: Analyzer[] = [
  caCertificateAnalyzer,
  subsetSelectPodAnalyzer,
];
