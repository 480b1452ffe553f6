import { Analyzer } from '../../types';
import { caCertificateAnalyzer } from './caCertificate';

/**
 * The `destinationrule.*` analyzers.
 *
 * @public
 */
export const destinationRuleAnalyzers: Analyzer[] = [caCertificateAnalyzer];
