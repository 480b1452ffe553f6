import { Analyzer } from '../../types';

/**
 * The `auth.*` analyzers.
 *
 * @public
 */
export const authzAnalyzers: Analyzer[] = [];
