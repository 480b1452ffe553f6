import { Analyzer } from '../../types';
import { injectionAnalyzer } from './injection';

/**
 * The `injection.*` analyzers.
 *
 * @public
 */
export const injectionAnalyzers: Analyzer[] = [injectionAnalyzer];
