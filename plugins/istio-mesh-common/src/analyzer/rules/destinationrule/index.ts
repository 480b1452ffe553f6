import { Analyzer } from '../../types';

/**
 * The `destinationrule.*` analyzers.
 *
 * @public
 */
export const destinationRuleAnalyzers: Analyzer[] = [];
