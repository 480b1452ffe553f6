import { Analyzer } from '../../types';
import { portNameAnalyzer } from './portName';

/**
 * The `service.*` analyzers.
 *
 * @public
 */
export const serviceAnalyzers: Analyzer[] = [portNameAnalyzer];
