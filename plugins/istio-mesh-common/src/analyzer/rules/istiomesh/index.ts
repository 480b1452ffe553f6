import { Analyzer } from '../../types';
import { clientTlsAnalyzer } from './clientTlsToStrictPort';
import { customProviderAnalyzer } from './customProvider';
import { rootNamespaceAnalyzer } from './rootNamespace';
import { subsetServicePodsAnalyzer } from './subsetServicePods';
import { uncapturedPortAnalyzer } from './uncapturedPort';

/**
 * This project's own analyzers (`ISM` codes), for what istioctl does not
 * check.
 *
 * @public
 */
export const istioMeshAnalyzers: Analyzer[] = [
  clientTlsAnalyzer,
  customProviderAnalyzer,
  rootNamespaceAnalyzer,
  subsetServicePodsAnalyzer,
  uncapturedPortAnalyzer,
];
