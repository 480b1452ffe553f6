import { Analyzer } from '../../types';

/**
 * The `virtualservice.*` analyzers.
 *
 * @public
 */
export const virtualServiceAnalyzers: Analyzer[] = [];
