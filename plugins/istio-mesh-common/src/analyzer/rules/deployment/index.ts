import { Analyzer } from '../../types';
import { multiServiceAnalyzer } from './services';

/**
 * The `deployment.*` analyzers.
 *
 * @public
 */
export const deploymentAnalyzers: Analyzer[] = [multiServiceAnalyzer];
