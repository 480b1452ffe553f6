import { Analyzer } from '../../types';
import { authorizationPoliciesAnalyzer } from './authorizationPolicies';

/**
 * The `auth.*` analyzers.
 *
 * @public
 */
export const authzAnalyzers: Analyzer[] = [authorizationPoliciesAnalyzer];
