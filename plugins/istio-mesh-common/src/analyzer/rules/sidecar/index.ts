import { Analyzer } from '../../types';

/**
 * The `sidecar.*` analyzers.
 *
 * @public
 */
export const sidecarAnalyzers: Analyzer[] = [];
