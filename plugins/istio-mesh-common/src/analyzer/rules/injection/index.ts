import { Analyzer } from '../../types';

/**
 * The `injection.*` analyzers.
 *
 * @public
 */
export const injectionAnalyzers: Analyzer[] = [];
