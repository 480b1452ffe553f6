import { Analyzer } from '../../types';
import { conflictingMeshGatewayHostsAnalyzer } from './conflictingMeshGatewayHosts';
import { destinationHostAnalyzer } from './destinationHosts';
import { destinationRuleAnalyzer } from './destinationRules';
import { gatewayAnalyzer } from './gateways';
import { jwtClaimRouteAnalyzer } from './jwtClaimRoute';

/**
 * The `virtualservice.*` analyzers.
 *
 * @public
 */
export const virtualServiceAnalyzers: Analyzer[] = [
  conflictingMeshGatewayHostsAnalyzer,
  destinationHostAnalyzer,
  destinationRuleAnalyzer,
  gatewayAnalyzer,
  jwtClaimRouteAnalyzer,
];
