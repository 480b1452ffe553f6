import { Analyzer } from '../../types';
import { selectorAnalyzer } from './selector';

/**
 * The `sidecar.*` analyzers.
 *
 * @public
 */
export const sidecarAnalyzers: Analyzer[] = [selectorAnalyzer];
