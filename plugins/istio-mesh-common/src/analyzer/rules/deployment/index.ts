import { Analyzer } from '../../types';

/**
 * The `deployment.*` analyzers.
 *
 * @public
 */
export const deploymentAnalyzers: Analyzer[] = [];
