import { Analyzer } from '../../types';

/**
 * The `service.*` analyzers.
 *
 * @public
 */
export const serviceAnalyzers: Analyzer[] = [];
